'use strict';
// The OpenWard web shell: sign-in (with the second factor), the navigation built from the
// screens the installed modules contribute (GET /api/ui), the session timeout warning, and the
// small API those screens use (window.OpenWard). The token lives in sessionStorage only, so it
// dies with the tab.

(function () {
  const $ = (id) => document.getElementById(id);
  const WARN_BEFORE_MS = 2 * 60 * 1000;
  // the server records a session's use at most every 30 s: count from that much earlier
  const SERVER_TOUCH_MS = 30 * 1000;

  let token = sessionStorage.getItem('openward.token');
  let me = null;
  let screens = [];
  let lastCall = Date.now();
  const routes = new Map();
  const loading = new Map();

  class ApiError extends Error {
    constructor(status, body) {
      const issue = body && body.issue && body.issue[0];
      super((body && body.message) || (issue && issue.diagnostics) || ('Request failed: ' + status));
      this.status = status;
      this.code = (body && body.code) || (issue && issue.diagnostics && issue.diagnostics.split(':')[0]) || null;
      this.field = (body && body.field) || (issue && issue.expression && issue.expression[0]) || null;
    }
  }

  /** Calls /api or /fhir with the session's token; JSON in and out; throws ApiError. */
  async function api(path, options = {}) {
    const headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
    if (token) headers['Authorization'] = 'Bearer ' + token;
    let body = options.body;
    if (body !== undefined && typeof body !== 'string') {
      body = JSON.stringify(body);
      if (!headers['Content-Type']) {
        headers['Content-Type'] = path.startsWith('/fhir') ? 'application/fhir+json' : 'application/json';
      }
    }
    const response = await fetch(path, Object.assign({}, options, { headers, body }));
    lastCall = Date.now();
    const text = response.status === 204 ? '' : await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (response.status === 401 && token && !path.startsWith('/api/auth/login')) {
      signedOut('Your session has ended; sign in again.');
    }
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  /** Builds an element: el('td', {class: 'x'}, 'text', child). Text is always text, never HTML. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function go(hash) {
    if (location.hash === hash) render(); else location.hash = hash;
  }

  /** A module's script registers the renderer of its route: render(container, parts). */
  function route(name, renderer) {
    routes.set(name, renderer);
    const waiting = loading.get(name);
    if (waiting) waiting.resolve();
  }

  /** How screens read FHIR resources for display; one copy for every module's screens. */
  const fhir = {
    entries: (bundle) => (bundle.entry || []).map((e) => e.resource),
    /** A CodeableConcept's text, else its first coding's display or code. */
    text(concept) {
      if (!concept) return '';
      if (concept.text) return concept.text;
      const coding = (concept.coding || [])[0] || {};
      return coding.display || coding.code || '';
    },
    /** The code of the first coding (of the system, when given). */
    codeOf(concept, system) {
      const coding = ((concept && concept.coding) || []).find((c) => !system || c.system === system);
      return coding ? coding.code : null;
    },
    humanName(patient) {
      const name = (patient.name || []).find((n) => n.use === 'official') || (patient.name || [])[0] || {};
      return [(name.given || []).join(' '), name.family || ''].join(' ').trim() || '(no name)';
    },
    mrnOf(patient) {
      const id = (patient.identifier || []).find((i) => i.type && (i.type.coding || []).some((c) => c.code === 'MR'));
      return id ? id.value : '';
    },
    /**
     * The parameters of one name in a Parameters resource (what a FHIR operation answers), each
     * as an object of its parts: {partName: value}, whatever the part's value[x] type.
     */
    parameters(resource, name) {
      return ((resource && resource.parameter) || []).filter((p) => p.name === name).map((p) => {
        const parts = {};
        for (const part of p.part || []) {
          const key = Object.keys(part).find((k) => k.startsWith('value'));
          if (key) parts[part.name] = part[key];
        }
        return parts;
      });
    },
    /** The allergies that count: not inactive, resolved or refuted. */
    activeAllergies(list) {
      return list.filter((a) => {
        const status = fhir.codeOf(a.clinicalStatus);
        return status !== 'inactive' && status !== 'resolved' && fhir.codeOf(a.verificationStatus) !== 'refuted';
      });
    }
  };

  window.OpenWard = {
    api, el, go, route, ApiError, fhir,
    user: () => me,
    errorMessage: (e) => (e && e.message) || String(e)
  };

  // --- signing in

  function show(view) {
    for (const id of ['login-view', 'enrol-view', 'app-view']) $(id).hidden = id !== view;
  }

  function signedOut(notice) {
    token = null;
    me = null;
    sessionStorage.removeItem('openward.token');
    $('who').hidden = true;
    $('nav').hidden = true;
    $('timeout-warning').hidden = true;
    $('screen').replaceChildren();
    $('login-notice').textContent = notice || '';
    $('code-field').hidden = true;
    $('code').value = '';
    show('login-view');
  }

  async function login(code) {
    const result = await api('/api/auth/login', {
      method: 'POST',
      body: { username: $('username').value, password: $('password').value, code: code || null }
    });
    token = result.token;
    sessionStorage.setItem('openward.token', token);
    if (result.mfa === 'enrolment-required') {
      const enrolment = await api('/api/auth/mfa/enrol', { method: 'POST' });
      $('enrol-secret').textContent = enrolment.secret;
      $('enrol-uri').textContent = enrolment.uri;
      $('enrol-uri').href = enrolment.uri;
      $('enrol-code').value = '';
      show('enrol-view');
      $('enrol-code').focus();
      return;
    }
    $('password').value = '';
    $('code').value = '';
    $('code-field').hidden = true;
    await signedIn();
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    $('login-notice').textContent = '';
    try {
      await login($('code-field').hidden ? null : $('code').value.trim());
    } catch (e) {
      if (e.code === 'OW-0402') {
        $('code-field').hidden = false;
        $('code').required = true;
        $('code').focus();
        $('login-error').textContent = 'Enter the one-time code from your authenticator app.';
      } else {
        $('login-error').textContent = e.message;
      }
    }
  });

  $('enrol-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('enrol-error').textContent = '';
    const code = $('enrol-code').value.trim();
    try {
      await api('/api/auth/mfa/confirm', { method: 'POST', body: { code } });
      // the enrolment token is spent; sign in for real with the next code
      token = null;
      sessionStorage.removeItem('openward.token');
      $('code-field').hidden = false;
      $('code').required = true;
      $('code').value = '';
      $('password').value = '';
      $('login-notice').textContent = 'Your second factor is set up. Sign in with your password and a new code.';
      show('login-view');
      $('password').focus();
    } catch (e) {
      $('enrol-error').textContent = e.message;
    }
  });

  $('logout').addEventListener('click', signOut);
  $('leave').addEventListener('click', signOut);

  async function signOut() {
    try { await api('/api/auth/logout', { method: 'POST' }); } catch (e) { /* signed out either way */ }
    signedOut('You have signed out.');
  }

  async function signedIn() {
    me = await api('/api/auth/me');
    $('who-name').textContent = me.username + ' (' + me.roles.join(', ') + ')';
    $('who').hidden = false;
    show('app-view');
    await render();
  }

  // --- navigation from the installed modules' screens

  async function refreshScreens() {
    screens = await api('/api/ui');
    const nav = $('nav');
    nav.replaceChildren(...screens.map((s) => el('a', { href: '#/' + s.route, 'data-route': s.route }, s.title)));
    nav.hidden = screens.length === 0;
  }

  function loadScreen(screen) {
    if (routes.has(screen.route)) return Promise.resolve();
    if (!loading.has(screen.route)) {
      let resolve;
      let reject;
      const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
      loading.set(screen.route, { promise, resolve });
      if (screen.style) document.head.append(el('link', { rel: 'stylesheet', href: screen.style }));
      document.head.append(el('script', {
        src: screen.script,
        onerror: () => { loading.delete(screen.route); reject(new Error('The screen ' + screen.title + ' could not be loaded.')); }
      }));
    }
    return loading.get(screen.route).promise;
  }

  async function render() {
    if (!token || !me) return;
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter((p) => p.length > 0).map(decodeURIComponent);
    const container = $('screen');
    try {
      await refreshScreens();
    } catch (e) {
      if (!token) return;
      container.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    for (const link of $('nav').children) {
      link.classList.toggle('current', link.dataset.route === parts[0]);
    }
    if (parts.length === 0) {
      container.replaceChildren(home());
      return;
    }
    const screen = screens.find((s) => s.route === parts[0]);
    if (!screen) {
      container.replaceChildren(el('h2', {}, 'Not available'),
        el('p', {}, 'This screen is not installed, or your role does not include it.'));
      return;
    }
    try {
      await loadScreen(screen);
      container.replaceChildren();
      await routes.get(screen.route)(container, parts.slice(1));
    } catch (e) {
      container.replaceChildren(el('p', { class: 'error', role: 'alert' }, OpenWard.errorMessage(e)));
    }
  }

  function home() {
    return el('div', { class: 'home' },
      el('h2', {}, 'Welcome, ' + me.username),
      screens.length === 0
        ? el('p', {}, 'No screen of the installed modules is open to your role.')
        : el('ul', { class: 'tiles' }, screens.map((s) => el('li', {}, el('a', { href: '#/' + s.route }, s.title)))));
  }

  window.addEventListener('hashchange', render);

  // --- the session timeout warning

  function deadline() {
    return lastCall - SERVER_TOUCH_MS + me.idleTimeoutSeconds * 1000;
  }

  function keepAlive() {
    api('/api/auth/me').catch(() => { /* a 401 has signed out already */ });
  }

  setInterval(() => {
    if (!token || !me) return;
    const left = deadline() - Date.now();
    if (left <= 0) {
      signedOut('You were signed out after ' + Math.round(me.idleTimeoutSeconds / 60) + ' minutes without activity.');
      return;
    }
    const warning = $('timeout-warning');
    warning.hidden = left > WARN_BEFORE_MS;
    if (!warning.hidden) {
      const seconds = Math.ceil(left / 1000);
      $('timeout-countdown').textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
    }
  }, 1000);

  $('stay').addEventListener('click', () => { keepAlive(); $('timeout-warning').hidden = true; });
  // working on a screen counts as activity, even between calls
  for (const type of ['keydown', 'pointerdown']) {
    document.addEventListener(type, () => {
      if (token && me && $('timeout-warning').hidden && Date.now() - lastCall > 60 * 1000) keepAlive();
    });
  }

  if (token) { signedIn().catch(() => signedOut()); } else { signedOut(); }
})();
