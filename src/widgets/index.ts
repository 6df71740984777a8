/** The embed kit: every element, defined once however often the script is loaded. */
import './testimonial/define.js';
import './testimonials/define.js';
import './booking/define.js';
import './comments/define.js';
import './testimonial-form/define.js';
