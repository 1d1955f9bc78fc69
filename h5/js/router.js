// Hash router with a page stack kept in history.state ({ id, stack, scroll }).
// Tab pages reset the stack; other pages push onto it. Each change moves focus to the title.

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
   * routes: [{ path, page, title, tab?, load }]; notFound: a route;
   * view: the element pages render into; shell: { update(info), focusTitle(), setTitle(text) };
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

  /** Opens a page: tab pages reset the stack, others push onto it. */
  navigate(hash) {
    const target = normalize(hash);
    if (target === normalize(location.hash)) return;
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

  back() {
    if (this.stack.length > 1) history.back();
    else this.navigate(HOME);
  }

  /** Renders the current page again (after data changed under it). */
  reload() {
    this.render(window.scrollY);
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
    this.render(history.state.scroll || 0);
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

  async render(scroll = 0) {
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
      root.textContent = '页面加载失败，请检查网络后刷新重试';
      root.classList.add('page--failed');
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
}

/** A `next` parameter is only ever one of our own hashes (never a URL, never 登录 itself). */
export function safeNext(value, fallback = HOME) {
  if (typeof value !== 'string' || !value.startsWith('#/')) return fallback;
  if (parseHash(value).path === '/login') return fallback;
  return value;
}
