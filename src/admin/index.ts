/** The admin page's bundle (dist/admin.js): the owner's element and its sections. */
import { define } from '../widgets/base/define.js';
import { FrontdeskAdmin } from './admin.js';
import { AdminBookings } from './bookings.js';
import { AdminCalendars } from './calendars.js';
import { AdminClosures } from './closures.js';
import { AdminComments } from './comments.js';
import { AdminData } from './data.js';
import { AdminInboxSection } from './inbox.js';
import { AdminMessages } from './messages.js';
import { AdminNotifications } from './notifications.js';
import { AdminSessions } from './sessions.js';
import { AdminSettings } from './settings.js';
import { AdminTestimonials } from './testimonials.js';
import { AdminWeek } from './week.js';

define('frontdesk-admin-inbox', AdminInboxSection);
define('frontdesk-admin-bookings', AdminBookings);
define('frontdesk-admin-week', AdminWeek);
define('frontdesk-admin-closures', AdminClosures);
define('frontdesk-admin-calendars', AdminCalendars);
define('frontdesk-admin-messages', AdminMessages);
define('frontdesk-admin-comments', AdminComments);
define('frontdesk-admin-testimonials', AdminTestimonials);
define('frontdesk-admin-notifications', AdminNotifications);
define('frontdesk-admin-settings', AdminSettings);
define('frontdesk-admin-data', AdminData);
define('frontdesk-admin-sessions', AdminSessions);
define('frontdesk-admin', FrontdeskAdmin);
