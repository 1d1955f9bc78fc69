// Small inline SVG icons (24x24, currentColor). Static, trusted markup only.

const STROKE = 'fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"';

const PATHS = {
  back: '<path d="M15 4.5 7.5 12 15 19.5" stroke-width="2"/>',
  home: '<path d="M3.5 10.5 12 3.8l8.5 6.7"/><path d="M5.8 9v11h4.4v-6h3.6v6h4.4V9"/>',
  services: '<rect x="3.5" y="3.5" width="7" height="7" rx="1.5"/><rect x="13.5" y="3.5" width="7" height="7" rx="1.5"/>'
    + '<rect x="3.5" y="13.5" width="7" height="7" rx="1.5"/><rect x="13.5" y="13.5" width="7" height="7" rx="1.5"/>',
  wallet: '<rect x="3" y="6" width="18" height="14" rx="2.5"/><path d="M6 6V4.8C6 4 6.8 3.5 7.6 3.7L17 6"/>'
    + '<path d="M21 11h-4.5a2 2 0 0 0 0 4H21"/>',
  building: '<path d="M4 20.5h16"/><path d="M6 20.5V5.5L13 3v17.5"/><path d="M13 9h5v11.5"/>'
    + '<path d="M8.8 8h1.6M8.8 11.5h1.6M8.8 15h1.6M15.3 12.5h.8M15.3 16h.8"/>',
  list: '<rect x="4.5" y="3" width="15" height="18" rx="2"/><path d="M8 8h8M8 12h8M8 16h5"/>',
  stamp: '<path d="M9.5 11.5c0-1.5-1.5-2.4-1.5-4.5a4 4 0 0 1 8 0c0 2.1-1.5 3-1.5 4.5V13h-5z"/>'
    + '<path d="M4.5 16.2c0-1.8 1.4-3.2 3.2-3.2h8.6c1.8 0 3.2 1.4 3.2 3.2V17h-15z"/><path d="M5.5 20.5h13"/>',
  download: '<path d="M12 3.5v11.5"/><path d="m7.5 10.5 4.5 4.5 4.5-4.5"/><path d="M4.5 16.5v2.5c0 .8.7 1.5 1.5 1.5h12c.8 0 1.5-.7 1.5-1.5v-2.5"/>',
  view: '<path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z"/><circle cx="12" cy="12" r="3"/>',
  manage: '<circle cx="12" cy="12" r="3"/><path d="M12 2.8v2.4M12 18.8v2.4M21.2 12h-2.4M5.2 12H2.8M18.5 5.5l-1.7 1.7M7.2 16.8l-1.7 1.7'
    + 'M18.5 18.5l-1.7-1.7M7.2 7.2 5.5 5.5"/>',
  help: '<circle cx="12" cy="12" r="9"/><path d="M9.6 9.4a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.6"/><path d="M12 16.6v.2" stroke-width="2.2"/>',
  idcard: '<rect x="2.5" y="5" width="19" height="14" rx="2"/><circle cx="8.5" cy="11" r="2"/><path d="M5.5 16c.5-1.5 1.6-2.2 3-2.2s2.5.7 3 2.2"/>'
    + '<path d="M14.5 10h4M14.5 13.5h3"/>',
  licence: '<rect x="4" y="3" width="16" height="18" rx="2"/><circle cx="12" cy="9" r="2.6"/><path d="M8 14.5h8M8 17.5h5"/>',
  invoice: '<path d="M5.5 3h13v18l-2.2-1.5-2.1 1.5-2.2-1.5-2.2 1.5-2.1-1.5-2.2 1.5z"/><path d="M9 8.5h6M9 12h6M9 15.5h3.5"/>',
  logout: '<path d="M14 4.5H6.5a1.5 1.5 0 0 0-1.5 1.5v12a1.5 1.5 0 0 0 1.5 1.5H14"/><path d="M10.5 12h10"/><path d="m17 8.5 3.5 3.5-3.5 3.5"/>',
  phone: '<rect x="6.5" y="2.5" width="11" height="19" rx="2"/><path d="M10.5 18.5h3"/>',
  faq: '<path d="M4 5.5h16v10H11l-4.5 3.5v-3.5H4z"/><path d="M10.3 9a1.8 1.8 0 1 1 2.5 1.6c-.5.2-.8.6-.8 1.1"/>',
  guide: '<path d="M4 5c2.8-1 5.5-1 8 .8v14c-2.5-1.8-5.2-1.8-8-.8z"/><path d="M20 5c-2.8-1-5.5-1-8 .8v14c2.5-1.8 5.2-1.8 8-.8z"/>',
  verify: '<path d="M12 3 5 5.8v5.4c0 4.4 3 8 7 9.3 4-1.3 7-4.9 7-9.3V5.8z"/><path d="m8.8 12 2.3 2.3 4.3-4.6"/>',
  empty: '<rect x="4" y="6" width="16" height="13" rx="2"/><path d="M4 10h16"/><path d="M9 14h6"/><path d="M8 6V4.5M16 6V4.5"/>',
  face: '<path d="M8 3.5H5.5a2 2 0 0 0-2 2V8M16 3.5h2.5a2 2 0 0 1 2 2V8M8 20.5H5.5a2 2 0 0 1-2-2V16M16 20.5h2.5a2 2 0 0 0 2-2V16"/>'
    + '<path d="M9 9.5v1M15 9.5v1M12 10v3h-1M9.5 15.8c1.4 1.2 3.6 1.2 5 0"/>',
};

// Filled glyphs for toasts and status marks.
const FILLED = {
  success: '<svg class="icon icon--filled" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    + '<path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" d="m4.5 12.5 5 5 10-11"/></svg>',
  fail: '<svg class="icon icon--filled" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    + '<circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="1.8"/>'
    + '<path d="M12 6.8v6.6" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>'
    + '<circle cx="12" cy="16.8" r="1.2" fill="currentColor"/></svg>',
  spinner: '<svg class="icon icon--spin" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    + '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-opacity=".25" stroke-width="2.5"/>'
    + '<path d="M12 3a9 9 0 0 1 9 9" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/></svg>',
};

/** Returns the SVG markup of a named icon (decorative: aria-hidden). */
export function icon(name, className = '') {
  if (FILLED[name]) return FILLED[name];
  const body = PATHS[name] || PATHS.empty;
  const cls = className ? `icon ${className}` : 'icon';
  return `<svg class="${cls}" viewBox="0 0 24 24" ${STROKE} aria-hidden="true" focusable="false">${body}</svg>`;
}
