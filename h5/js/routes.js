// The route table: hash path → page module, title and access rule.
// public: no sign-in needed; realname: needs a verified real name; tab: a tab-bar page;
// up(query): the page above this one, planted under it when it is opened on its own (so back has a way on).

const ENT_RE = /^[\w-]{1,64}$/;

/** The hash of an 电子印章 page of the enterprise in ?ent=, or `fallback` when the address names none. */
const esealUp = (path, fallback = '#/cards') => (query) => {
  const ent = query.get('ent');
  return ent && ENT_RE.test(ent) ? `#/eseal${path}?ent=${encodeURIComponent(ent)}` : fallback;
};

/** A 用印 page of the request in ?request= (and the enterprise in ?ent=): '' is 选择文件 with that file. */
const stampUp = (path) => (query) => {
  const request = query.get('request');
  const ent = query.get('ent');
  const entPart = ent && ENT_RE.test(ent) ? `ent=${encodeURIComponent(ent)}` : '';
  if (!request || !ENT_RE.test(request)) return entPart ? `#/eseal/stamp?${entPart}` : null;
  const requestPart = `request=${encodeURIComponent(request)}`;
  if (path === '') return entPart ? `#/eseal/stamp?${entPart}&${requestPart}` : null;
  return `#/eseal/stamp${path}?${requestPart}${entPart ? `&${entPart}` : ''}`;
};

/** 授权用印 of the seal in ?seal= (under 新增授权). */
const grantsUp = (query) => {
  const ent = query.get('ent');
  const seal = query.get('seal');
  if (!ent || !ENT_RE.test(ent) || !seal || !/^\d{1,12}$/.test(seal)) return '#/cards';
  return `#/eseal/grants?ent=${encodeURIComponent(ent)}&seal=${encodeURIComponent(seal)}`;
};

export const routes = [
  { path: '/login', page: 'login', title: '登录', public: true, load: () => import('./pages/login.js') },
  { path: '/realname', page: 'realname', title: '实名认证', load: () => import('./pages/realname.js') },
  { path: '/realname/face', page: 'face', title: '人脸识别', load: () => import('./pages/face.js') },
  { path: '/home', page: 'home', title: '首页', tab: 'home', load: () => import('./pages/home.js') },
  { path: '/services', page: 'services', title: '办事', tab: 'services', load: () => import('./pages/services.js') },
  { path: '/cards', page: 'cards', title: '证照卡包', tab: 'cards', realname: true, load: () => import('./pages/cards.js') },
  { path: '/startup', page: 'startup', title: '开办企业', realname: true, up: () => '#/services', load: () => import('./pages/startup.js') },
  { path: '/startups', page: 'startups', title: '我的办件', realname: true, up: () => '#/services', load: () => import('./pages/startups.js') },
  { path: '/eseal', page: 'eseal-home', title: '电子印章', realname: true, up: () => '#/cards', load: () => import('./pages/eseal-home.js') },
  { path: '/eseal/download', page: 'seal-preview', title: '印章预览', realname: true, up: esealUp(''), load: () => import('./pages/seal-preview.js') },
  { path: '/eseal/declare', page: 'seal-declare', title: '下载印章', realname: true, up: esealUp('/download'), load: () => import('./pages/seal-declare.js') },
  // 下载结果 names only the download: the page plants the enterprise's 电子印章 home once it knows it.
  { path: '/eseal/result', page: 'seal-result', title: '下载结果', realname: true, load: () => import('./pages/seal-result.js') },
  { path: '/eseal/wallet', page: 'seal-wallet', title: '查看已下载印章', realname: true, up: esealUp(''), load: () => import('./pages/seal-wallet.js') },
  { path: '/eseal/seal', page: 'seal-detail', title: '印章详情', realname: true, up: esealUp('/wallet'), load: () => import('./pages/seal-detail.js') },
  { path: '/eseal/changes', page: 'seal-changes', title: '印章变动', realname: true, up: esealUp(''), load: () => import('./pages/seal-changes.js') },
  { path: '/eseal/receipts', page: 'seal-receipts', title: '印章领用情况', realname: true, up: esealUp('/wallet'), load: () => import('./pages/seal-receipts.js') },
  { path: '/eseal/manage', page: 'seal-manage', title: '管理印章', realname: true, up: esealUp(''), load: () => import('./pages/seal-manage.js') },
  { path: '/eseal/stamp', page: 'stamp-upload', title: '用印', realname: true, up: esealUp(''), load: () => import('./pages/stamp-upload.js') },
  // 放置印章 and 用印结果 may arrive from the licence app naming only the request: they plant their parent once known.
  { path: '/eseal/stamp/place', page: 'stamp-place', title: '放置印章', realname: true, up: stampUp(''), load: () => import('./pages/stamp-place.js') },
  { path: '/eseal/stamp/sms', page: 'stamp-sms', title: '短信验证', realname: true, up: stampUp('/place'), load: () => import('./pages/stamp-sms.js') },
  { path: '/eseal/stamp/result', page: 'stamp-result', title: '用印结果', realname: true, load: () => import('./pages/stamp-result.js') },
  { path: '/eseal/stamp/verify', page: 'stamp-verify', title: '验章', realname: true, up: stampUp('/result'), load: () => import('./pages/stamp-verify.js') },
  { path: '/eseal/stamp-logs', page: 'stamp-logs', title: '用印记录', realname: true, up: esealUp('/wallet'), load: () => import('./pages/stamp-logs.js') },
  { path: '/eseal/grants', page: 'seal-grants', title: '授权用印', realname: true, up: esealUp('/wallet'), load: () => import('./pages/seal-grants.js') },
  { path: '/eseal/grants/new', page: 'grant-new', title: '新增授权', realname: true, up: grantsUp, load: () => import('./pages/grant-new.js') },
  // 印章验真: anyone (no sign-in) checks a stamped PDF or a seal file; opened on its own, back leads to 首页 (登录 for a visitor).
  { path: '/verify', page: 'verify', title: '印章验真', public: true, up: () => '#/home', load: () => import('./pages/verify.js') },
  { path: '/eseal/help', page: 'help', title: '帮助中心', realname: true, up: esealUp(''), load: () => import('./pages/help.js') },
  { path: '/eseal/help/guide', page: 'help-guide', title: '使用帮助', realname: true, up: esealUp('/help'), load: () => import('./pages/help-guide.js') },
  { path: '/eseal/help/faq', page: 'help-faq', title: '常见问题', realname: true, up: esealUp('/help'), load: () => import('./pages/help-faq.js') },
];

export const notFound = {
  path: null, page: 'not-found', title: '页面不存在', public: true, load: () => import('./pages/not-found.js'),
};
