// Hash router with a page stack kept in history.state ({ id, stack, scroll }).
// Tab pages reset the stack; other pages push onto it. Each change moves focus to the title.
// A page opened on its own (a fresh load, a deep link, the way back from the licence app) gets the page
// above it (route.up) planted under it, so that back leads there and never out of the app or to a dead end.
// A page may refuse to be left (its module's confirmLeave()); a failed page load offers 重试, and a page
// that failed while offline loads again when the network returns.

const HOME = '#/home';

/** Splits '#/a/b?x=1' into { path: '/a/b', query: URLSearchParams }. */
export function parseHash(hash) {
  const text = hash.replace(/^#/, '') || '/';
  const at = text.indexOf('?');
  const path = (at < 0 ? text : text.slice(0, at)) || '/';
  const query = new URLSearchParams(at < 0 ? '' : text.slice(at + 1));
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, query };
}

function normalize(hash) {
  return !hash || hash === '#' || hash === '#/' ? HOME : hash;
}

let stateSeq = 0;
const newId = () => `${Date.now().toString(36)}-${++stateSeq}`;

export class Router {
  /**
   * routes: [{ path, page, title, tab?, up?(query), load }]; notFound: a route;
   * view: the element pages render into; shell: { update(info), focusTitle(), setTitle(text), setCanGoBack(yes) };
   * guard(route, hash): async, returns a hash to redirect to, or null.
   */
  constructor({ routes, notFound, view, shell, guard }) {
    this.routes = new Map(routes.map((route) => [route.path, route]));
    this.notFound = notFound;
    this.view = view;
    this.shell = shell;
    this.guard = guard;
    this.seq = 0;
    this.renderedId = null;
    this.stack = [];
    this.active = null;
  }

  start() {
    window.addEventListener('popstate', () => this.onHistory());
    window.addEventListener('hashchange', () => this.onHistory());
    window.addEventListener('online', () => this.onOnline());
    document.addEventListener('click', (event) => this.onClick(event));
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

    const hash = normalize(location.hash);
    const state = history.state;
    const stack = state && Array.isArray(state.stack) && state.stack[state.stack.length - 1] === hash
      ? state.stack
      : [hash];
    this.write('replace', stack, hash, state && state.scroll);
    this.render();
  }

  routeFor(hash) {
    return this.routes.get(parseHash(hash).path) || this.notFound;
  }

  /** The current location: hash, path, query and stack. */
  current() {
    const hash = normalize(location.hash);
    return { hash, ...parseHash(hash), stack: this.stack.slice() };
  }

  /** Opens a page (once the page on screen agrees to be left): tab pages reset the stack, others push onto it. */
  navigate(hash) {
    const target = normalize(hash);
    if (target === normalize(location.hash)) return;
    this.whenLeft(() => this.push(target));
  }

  push(target) {
    this.saveScroll();
    const stack = this.routeFor(target).tab ? [target] : [...this.stack, target];
    this.write('push', stack, target);
    this.render();
  }

  /** Replaces the current page (redirects, finished forms). */
  replace(hash) {
    const target = normalize(hash);
    const stack = this.routeFor(target).tab ? [target] : [...this.stack.slice(0, -1), target];
    this.write('replace', stack, target);
    this.render();
  }

  /** Replaces the current entry and starts a new stack at `hash` (after login). */
  reset(hash) {
    const target = normalize(hash);
    this.write('replace', [target], target);
    this.render();
  }

  /** The in-app back (nav bar): one page down the stack, or 首页 from the bottom of it. */
  back() {
    this.whenLeft(() => {
      if (this.stack.length > 1) history.back();
      else if (normalize(location.hash) !== HOME) this.push(HOME);
    });
  }

  /** Runs `go` unless the page on screen asks to stay (e.g. a half-filled form: 「确定放弃填写？」). */
  whenLeft(go) {
    const active = this.active;
    if (!active || typeof active.confirmLeave !== 'function') {
      go();
      return;
    }
    const seq = this.seq;
    Promise.resolve()
      .then(() => active.confirmLeave())
      .catch((error) => {
        console.error(error);
        return true;
      })
      .then((ok) => {
        if (ok && seq === this.seq) go();
      });
  }

  /** Renders the current page again (after data changed under it). */
  reload() {
    this.render(window.scrollY, { planted: true });
  }

  /**
   * Puts `parent` (and the pages above it, up to a tab page) under the current page when it is the only one
   * on the stack, so that back (the browser's, Android's, WeChat's or ours) leads there. Does nothing once
   * there is a page below.
   */
  plantParent(parent) {
    const hash = normalize(location.hash);
    const target = parent && normalize(parent);
    if (!target || this.stack.length !== 1 || parseHash(target).path === parseHash(hash).path) return;
    const chain = [target];
    while (chain.length < 4) {
      const route = this.routeFor(chain[0]);
      const up = !route.tab && typeof route.up === 'function' ? route.up(parseHash(chain[0]).query) : null;
      if (!up || chain.includes(normalize(up)) || normalize(up) === hash) break;
      chain.unshift(normalize(up));
    }
    const scroll = (history.state && history.state.scroll) || 0;
    chain.forEach((page, i) => {
      const state = { id: newId(), stack: chain.slice(0, i + 1), scroll: 0 };
      if (i === 0) history.replaceState(state, '', page);
      else history.pushState(state, '', page);
    });
    const state = { id: newId(), stack: [...chain, hash], scroll };
    history.pushState(state, '', hash);
    this.stack = state.stack;
    if (this.renderedId) this.renderedId = state.id;
    this.shell.setCanGoBack(true);
  }

  write(mode, stack, hash, scroll) {
    const state = { id: newId(), stack, scroll: scroll || 0 };
    if (mode === 'push') history.pushState(state, '', hash);
    else history.replaceState(state, '', hash);
    this.stack = stack;
  }

  saveScroll() {
    const state = history.state;
    if (state && state.id) history.replaceState({ ...state, scroll: window.scrollY }, '');
  }

  onHistory() {
    const state = history.state;
    if (state && state.id && state.id === this.renderedId) return;
    const hash = normalize(location.hash);
    if (state && Array.isArray(state.stack)) {
      this.stack = state.stack;
    } else {
      // The hash was changed by hand or by a plain link: treat it as a navigation.
      const stack = this.routeFor(hash).tab ? [hash] : [...this.stack, hash];
      this.write('replace', stack, hash);
    }
    // Back and forward never plant a parent: that would cut off the pages ahead in the history.
    this.render(history.state.scroll || 0, { planted: true });
  }

  /** The network is back: a page that failed to load (it offers 重试) loads again by itself. */
  onOnline() {
    if (this.view.querySelector('.js-retry, .js-page-retry')) this.reload();
  }

  onClick(event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href^="#/"]');
    if (!link) return;
    event.preventDefault();
    this.navigate(link.getAttribute('href'));
  }

  teardown() {
    const active = this.active;
    this.active = null;
    if (active && typeof active.destroy === 'function') {
      try {
        active.destroy();
      } catch (error) {
        console.error(error);
      }
    }
  }

  async render(scroll = 0, { planted = false } = {}) {
    const seq = ++this.seq;
    const renderedState = history.state;
    this.renderedId = renderedState && renderedState.id;
    const hash = normalize(location.hash);
    const { query } = parseHash(hash);
    const route = this.routeFor(hash);

    const redirect = this.guard ? await this.guard(route, hash) : null;
    if (seq !== this.seq) return;
    if (redirect && redirect !== hash) {
      this.replace(redirect);
      return;
    }

    if (!planted && typeof route.up === 'function') this.plantParent(route.up(query));
    this.teardown();
    const root = document.createElement('section');
    root.className = `page page--${route.page}`;
    root.dataset.page = route.page;
    root.setAttribute('aria-labelledby', 'nav-title');
    root.setAttribute('aria-busy', 'true');
    this.view.replaceChildren(root);
    this.shell.update({ route, canGoBack: this.stack.length > 1 });
    document.title = route.title;
    window.scrollTo(0, 0);
    this.shell.focusTitle();

    let module;
    try {
      module = await route.load();
    } catch (error) {
      console.error(error);
      if (seq === this.seq) this.showLoadFailure(root);
      return;
    }
    if (seq !== this.seq) return;
    this.active = module;
    const ctx = {
      root,
      hash,
      query,
      router: this,
      alive: () => seq === this.seq,
      setTitle: (text) => {
        if (seq !== this.seq) return;
        this.shell.setTitle(text);
        document.title = text;
      },
    };
    try {
      await module.render(root, ctx);
    } catch (error) {
      console.error(error);
    }
    if (seq !== this.seq) return;
    root.removeAttribute('aria-busy');
    root.dataset.ready = 'true';
    if (scroll) window.scrollTo(0, scroll);
  }

  /** The page's code did not arrive (offline, a dropped connection): say so and offer 重试. */
  showLoadFailure(root) {
    root.classList.add('page--failed');
    root.removeAttribute('aria-busy');
    root.dataset.ready = 'true';
    const box = document.createElement('div');
    box.className = 'empty';
    box.setAttribute('role', 'alert');
    const title = document.createElement('p');
    title.className = 'empty__title';
    title.textContent = '页面加载失败';
    const hint = document.createElement('p');
    hint.className = 'empty__hint';
    hint.textContent = navigator.onLine === false ? '网络连接已断开，请检查网络后重试' : '请检查网络后重试';
    const actions = document.createElement('div');
    actions.className = 'empty__actions';
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'btn btn--primary btn--inline js-page-retry';
    retry.textContent = '重试';
    retry.addEventListener('click', () => this.reload());
    actions.append(retry);
    box.append(title, hint, actions);
    root.replaceChildren(box);
  }
}

/** A `next` parameter is only ever one of our own hashes (never a URL, never 登录 itself). */
export function safeNext(value, fallback = HOME) {
  if (typeof value !== 'string' || !value.startsWith('#/')) return fallback;
  if (parseHash(value).path === '/login') return fallback;
  return value;
}
