// Boot: build the chrome, learn who is signed in, guard the routes, start the router.

import { onUnauthorized } from './api.js';
import { Router, safeNext } from './router.js';
import { notFound, routes } from './routes.js';
import { currentMe, isVerified, loadMe, setMe } from './session.js';
import { createShell } from './shell.js';
import { html, setHtml } from './ui.js';

const withNext = (hash, next) => `${hash}?next=${encodeURIComponent(next)}`;

/**
 * Sends anonymous users to 登录 and unverified users to 实名认证. A tab page keeps its tab bar for an
 * unverified user: it says in the page why it needs 实名认证 and offers 去实名认证.
 */
function guard(route, hash) {
  if (route.page === 'login') {
    return currentMe() ? safeNext(new URLSearchParams(hash.split('?')[1] || '').get('next')) : null;
  }
  if (route.public) return null;
  if (!currentMe()) return withNext('#/login', hash);
  if (route.realname && !route.tab && !isVerified()) return withNext('#/realname', hash);
  return null;
}

function showBootError(view) {
  setHtml(view, html`
    <section class="page" data-page="boot-error">
      <div class="empty">
        <p class="empty__title">网络异常</p>
        <p class="empty__hint">无法连接服务器，请检查网络后重试</p>
        <div class="empty__actions"><button type="button" class="btn btn--primary js-reload">重新加载</button></div>
      </div>
    </section>`);
  view.querySelector('.js-reload').addEventListener('click', () => window.location.reload());
  window.addEventListener('online', () => window.location.reload(), { once: true });
}

async function boot() {
  let router = null;
  const shell = createShell(document.querySelector('.js-app'), {
    onBack: () => router && router.back(),
    onHome: () => router && router.navigate('#/home'),
  });
  router = new Router({ routes, notFound, view: shell.view, shell, guard });

  try {
    await loadMe();
  } catch (error) {
    console.error(error);
    showBootError(shell.view);
    return;
  }

  onUnauthorized(() => {
    setMe(null);
    const { hash } = router.current();
    if (router.routeFor(hash).page !== 'login') router.replace(withNext('#/login', hash));
  });
  router.start();
}

boot();
