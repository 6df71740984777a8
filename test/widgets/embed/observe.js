// Loaded first by the loader tests' pages (a file, so that it runs under their strict CSP): records
// console errors and warnings, uncaught errors, CSP violations and layout shifts in the page.
window.__noise = [];
window.__shifts = [];
for (const k of ['error', 'warn']) console[k] = (...a) => window.__noise.push(k + ': ' + a.join(' '));
window.addEventListener('error', (e) => window.__noise.push('error event: ' + e.message));
window.addEventListener('unhandledrejection', (e) => window.__noise.push('rejection: ' + e.reason));
document.addEventListener('securitypolicyviolation', (e) => window.__noise.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({ type: 'layout-shift', buffered: true });
