/**
 * WebDAV answers read as a small tree of elements by namespace and local name (prefixes vary from
 * server to server: `d:`, `D:`, none). saxes is a strict parser that loads nothing and expands no
 * entities a document declares; elements past MAX_ELEMENTS make the answer unreadable.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export const DAV = 'DAV:';
export const CALDAV = 'urn:ietf:params:xml:ns:caldav';
export const CALSERVER = 'http://calendarserver.org/ns/';

const MAX_ELEMENTS = 200_000;

export interface XmlElement {
  ns: string;
  name: string;
  children: XmlElement[];
  text: string;
}

export function parseXml(source: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlElement = { ns: '', name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  let count = 0;
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++count > MAX_ELEMENTS) throw new Error('too many elements');
    const element: XmlElement = { ns: tag.uri, name: tag.local, children: [], text: '' };
    stack[stack.length - 1]!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  parser.on('cdata', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(source).close();
  return root;
}

/** The direct children of `element` named (ns, name). */
export function children(element: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.ns === ns && c.name === name) : [];
}

export function child(element: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return children(element, ns, name)[0];
}

/** Follows a path of (ns, name) steps from `element`, taking the first match at each step. */
export function path(element: XmlElement | undefined, ...steps: Array<[string, string]>): XmlElement | undefined {
  let current = element;
  for (const [ns, name] of steps) current = child(current, ns, name);
  return current;
}
