// The route table: hash path → page module, title and access rule.
// public: no sign-in needed; realname: needs a verified real name; tab: a tab-bar page.

export const routes = [
  { path: '/login', page: 'login', title: '登录', public: true, load: () => import('./pages/login.js') },
  { path: '/realname', page: 'realname', title: '实名认证', load: () => import('./pages/realname.js') },
  { path: '/realname/face', page: 'face', title: '人脸识别', load: () => import('./pages/face.js') },
  { path: '/home', page: 'home', title: '首页', tab: 'home', load: () => import('./pages/home.js') },
  { path: '/services', page: 'services', title: '办事', tab: 'services', load: () => import('./pages/services.js') },
  { path: '/cards', page: 'cards', title: '证照卡包', tab: 'cards', realname: true, load: () => import('./pages/cards.js') },
  { path: '/startup', page: 'startup', title: '开办企业', realname: true, load: () => import('./pages/startup.js') },
  { path: '/startups', page: 'startups', title: '我的办件', realname: true, load: () => import('./pages/startups.js') },
  { path: '/eseal', page: 'eseal-home', title: '电子印章', realname: true, load: () => import('./pages/eseal-home.js') },
  { path: '/eseal/download', page: 'seal-preview', title: '印章预览', realname: true, load: () => import('./pages/seal-preview.js') },
  { path: '/eseal/declare', page: 'seal-declare', title: '下载印章', realname: true, load: () => import('./pages/seal-declare.js') },
  { path: '/eseal/result', page: 'seal-result', title: '下载结果', realname: true, load: () => import('./pages/seal-result.js') },
  { path: '/eseal/wallet', page: 'seal-wallet', title: '查看已下载印章', realname: true, load: () => import('./pages/seal-wallet.js') },
  { path: '/eseal/seal', page: 'seal-detail', title: '印章详情', realname: true, load: () => import('./pages/seal-detail.js') },
  { path: '/eseal/changes', page: 'seal-changes', title: '印章变动', realname: true, load: () => import('./pages/seal-changes.js') },
  { path: '/eseal/receipts', page: 'seal-receipts', title: '印章领用情况', realname: true, load: () => import('./pages/seal-receipts.js') },
  { path: '/eseal/manage', page: 'seal-manage', title: '管理印章', realname: true, load: () => import('./pages/seal-manage.js') },
  { path: '/eseal/help', page: 'help', title: '帮助中心', realname: true, load: () => import('./pages/help.js') },
  { path: '/eseal/help/guide', page: 'help-guide', title: '使用帮助', realname: true, load: () => import('./pages/help-guide.js') },
  { path: '/eseal/help/faq', page: 'help-faq', title: '常见问题', realname: true, load: () => import('./pages/help-faq.js') },
];

export const notFound = {
  path: null, page: 'not-found', title: '页面不存在', public: true, load: () => import('./pages/not-found.js'),
};
