import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { FrontdeskElement } from '../base/element.js';
import { base } from '../base/styles.js';

/**
 * One client's words, from the page's own markup.
 * @tag frontdesk-testimonial
 */
export class FrontdeskTestimonial extends FrontdeskElement {
  static override styles = [base];
  @property() author = '';

  override render() {
    return html`<figure class="root" part="card"><blockquote part="text"><slot></slot></blockquote><figcaption part="author">${this.author}</figcaption></figure>`;
  }
}
