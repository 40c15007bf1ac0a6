'use strict';
// The OpenWard web shell: sign in, list the installed modules, find a patient.
// The token lives in sessionStorage only, so it dies with the tab.

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('openward.token');

async function call(path, options = {}) {
  const headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401 && path !== '/api/auth/login') {
    signedOut();
    throw new Error('Your session has ended; sign in again.');
  }
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    const message = body && (body.message || (body.issue && body.issue[0] && body.issue[0].diagnostics));
    throw new Error(message || ('Request failed: ' + response.status));
  }
  return body;
}

function signedOut() {
  token = null;
  sessionStorage.removeItem('openward.token');
  $('who').hidden = true;
  $('home-view').hidden = true;
  $('login-view').hidden = false;
}

async function signedIn() {
  const me = await call('/api/auth/me');
  $('who-name').textContent = me.username + ' (' + me.roles.join(', ') + ')';
  $('who').hidden = false;
  $('login-view').hidden = true;
  $('home-view').hidden = false;
  const list = $('modules');
  list.replaceChildren();
  try {
    for (const module of await call('/api/modules')) {
      const item = document.createElement('li');
      item.textContent = module.name + ' ' + module.version + ' — ' + module.state;
      list.append(item);
    }
  } catch (e) {
    const item = document.createElement('li');
    item.textContent = e.message;
    list.append(item);
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const result = await call('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: $('username').value, password: $('password').value })
    });
    token = result.token;
    sessionStorage.setItem('openward.token', token);
    $('password').value = '';
    await signedIn();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

$('logout').addEventListener('click', async () => {
  try { await call('/api/auth/logout', { method: 'POST' }); } finally { signedOut(); }
});

function humanName(patient) {
  const name = (patient.name || [])[0] || {};
  return [(name.given || []).join(' '), name.family || ''].join(' ').trim();
}

function mrnOf(patient) {
  const id = (patient.identifier || []).find((i) => i.type && i.type.coding && i.type.coding.some((c) => c.code === 'MR'));
  return id ? id.value : '';
}

$('search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('search-error').textContent = '';
  const text = $('search-text').value.trim();
  const parameter = /^[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*$/.test(text) ? 'identifier' : 'name';
  try {
    const bundle = await call('/fhir/Patient?' + parameter + '=' + encodeURIComponent(text));
    const rows = $('results').querySelector('tbody');
    rows.replaceChildren();
    for (const entry of bundle.entry || []) {
      const p = entry.resource;
      const row = document.createElement('tr');
      for (const value of [mrnOf(p), humanName(p), p.birthDate || '', p.gender || '']) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.append(cell);
      }
      rows.append(row);
    }
    $('results').hidden = false;
    if (!bundle.total) $('search-error').textContent = 'No patient found.';
  } catch (e) {
    $('search-error').textContent = e.message;
  }
});

if (token) { signedIn().catch(signedOut); } else { signedOut(); }
