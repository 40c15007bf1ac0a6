'use strict';
// The records module's screens in the OpenWard web shell: patient search (#/patients) and the
// patient chart (#/patients/<id>/<summary|results|encounters|notes>), with the decision support
// cards of the installed plugins. Everything comes from /fhir under the signed-in user's
// permissions; nothing is cached beyond the open screen.

(function () {
  const { api, el, route } = OpenWard;
  const { entries, text, codeOf, humanName, mrnOf, activeAllergies } = OpenWard.fhir;
  const LOINC = 'http://loinc.org';
  const UCUM = 'http://unitsofmeasure.org';
  const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
  const NOTE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category';
  const SVG = 'http://www.w3.org/2000/svg';

  // The vital signs a nurse records at the bedside: LOINC code, unit, plausible range.
  const VITALS = [
    { name: 'heart-rate', label: 'Heart rate', loinc: '8867-4', unit: '/min', min: 20, max: 300, step: 1 },
    { name: 'respiratory-rate', label: 'Respiratory rate', loinc: '9279-1', unit: '/min', min: 4, max: 80, step: 1 },
    { name: 'temperature', label: 'Body temperature', loinc: '8310-5', unit: 'Cel', min: 30, max: 45, step: 0.1 },
    { name: 'oxygen-saturation', label: 'Oxygen saturation', loinc: '59408-5', unit: '%', min: 50, max: 100, step: 1 },
    { name: 'weight', label: 'Body weight', loinc: '29463-7', unit: 'kg', min: 0.3, max: 400, step: 0.1 }
  ];
  const BLOOD_PRESSURE = '85354-9';
  const NOTE_TYPES = [
    { code: '11506-3', display: 'Progress note' },
    { code: '11488-4', display: 'Consult note' },
    { code: '18842-5', display: 'Discharge summary' }
  ];
  const TABS = [['summary', 'Summary'], ['results', 'Results'], ['encounters', 'Encounters'], ['notes', 'Notes']];
  // decision support cards, the most urgent first
  const INDICATORS = { critical: 'Critical', warning: 'Warning', info: 'Info' };

  let lastSearch = '';

  route('patients', async (container, parts) => {
    if (parts.length === 0) {
      await searchScreen(container);
    } else {
      await chartScreen(container, parts[0], parts[1] || 'summary', parts[2]);
    }
  });

  // --- helpers

  const search = (query) => api('/fhir/' + query);
  function ageOf(birthDate) {
    if (!birthDate) return '';
    const born = new Date(birthDate + 'T00:00:00Z');
    const now = new Date();
    let years = now.getUTCFullYear() - born.getUTCFullYear();
    if (now.getUTCMonth() < born.getUTCMonth()
        || (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate())) years--;
    return years + ' y';
  }

  function when(value) {
    if (!value) return '';
    if (value.length <= 10) return value;
    return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function day(value) {
    return value ? new Date(value).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '';
  }

  function effective(observation) {
    return observation.effectiveDateTime || observation.effectiveInstant
      || (observation.effectivePeriod && observation.effectivePeriod.start) || '';
  }

  function quantity(q) {
    if (!q || q.value === undefined) return '';
    return q.value + ' ' + (q.unit || q.code || '');
  }

  function flagOf(item) {
    const code = codeOf((item.interpretation || [])[0]);
    return code && code !== 'N' ? code : '';
  }

  function valueOf(observation) {
    if (observation.component && observation.component.length) {
      return observation.component.map((c) => quantity(c.valueQuantity).split(' ')[0]).join('/')
        + ' ' + ((observation.component[0].valueQuantity || {}).unit || '');
    }
    if (observation.valueQuantity) return quantity(observation.valueQuantity);
    if (observation.valueString) return observation.valueString;
    return text(observation.valueCodeableConcept);
  }

  function failure(e) {
    return el('p', { class: 'error', role: 'alert' }, e.status === 403
      ? 'Not available to your role, or the patient is not in your care.' : OpenWard.errorMessage(e));
  }

  /** Loads a section; a refusal shows in the section, not over the whole chart. */
  async function section(title, id, load) {
    const box = el('section', { class: 'card', id }, el('h3', {}, title));
    try {
      box.append(await load());
    } catch (e) {
      box.append(failure(e));
    }
    return box;
  }

  function table(headings, rows, empty) {
    if (rows.length === 0) return el('p', { class: 'empty' }, empty);
    return el('table', {}, el('thead', {}, el('tr', {}, headings.map((h) => el('th', {}, h)))),
      el('tbody', {}, rows));
  }

  function toBase64(textValue) {
    const bytes = new TextEncoder().encode(textValue);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  function fromBase64(data) {
    return new TextDecoder().decode(Uint8Array.from(atob(data || ''), (c) => c.charCodeAt(0)));
  }

  // --- patient search

  async function searchScreen(container) {
    const input = el('input', { id: 'patient-search-text', name: 'q', required: true, value: lastSearch,
      placeholder: 'Smith, or MRN, or 1970-05-31', size: 32 });
    const message = el('p', { class: 'error', role: 'alert' });
    const results = el('div', { id: 'patient-results' });
    const form = el('form', { id: 'patient-search', onsubmit: async (event) => {
      event.preventDefault();
      lastSearch = input.value.trim();
      await runSearch(lastSearch, results, message);
    } }, el('label', {}, 'Name, MRN or birth date ', input), el('button', { type: 'submit' }, 'Search'));
    container.append(el('h2', {}, 'Find a patient'), form, message, results);
    input.focus();
    if (lastSearch) await runSearch(lastSearch, results, message);
  }

  async function runSearch(query, results, message) {
    message.textContent = '';
    results.replaceChildren();
    let parameter = 'name';
    if (/^\d{4}-\d{2}-\d{2}$/.test(query)) parameter = 'birthdate';
    else if (/\d/.test(query)) parameter = 'identifier';
    try {
      const bundle = await search('Patient?' + parameter + '=' + encodeURIComponent(query) + '&_count=50');
      const patients = entries(bundle);
      if (patients.length === 0) {
        message.textContent = 'No patient found.';
        return;
      }
      results.append(table(['Name', 'MRN', 'Birth date', 'Age', 'Sex'], patients.map((p) => el('tr', {},
        el('td', {}, el('a', { href: '#/patients/' + encodeURIComponent(p.id) }, humanName(p))),
        el('td', {}, mrnOf(p)), el('td', {}, p.birthDate || ''), el('td', {}, ageOf(p.birthDate)),
        el('td', {}, p.gender || ''))), ''),
      bundle.total > patients.length ? el('p', {}, 'Showing ' + patients.length + ' of ' + bundle.total
        + ' patients: narrow the search.') : null);
    } catch (e) {
      message.textContent = OpenWard.errorMessage(e);
    }
  }

  // --- the chart

  async function chartScreen(container, patientId, tab, detail) {
    let patient;
    try {
      patient = await api('/fhir/Patient/' + encodeURIComponent(patientId));
    } catch (e) {
      if (e.status !== 403) throw e;
      container.append(closedChart(patientId));
      return;
    }
    const base = '#/patients/' + encodeURIComponent(patientId);
    // asked at once, shown whenever the plugins answer: it never holds up the banner or the tab
    const advice = el('section', { class: 'card decision-support', id: 'decision-support', hidden: true,
      'aria-label': 'Decision support', 'aria-busy': 'true' });
    decisionSupport(patient.id, advice);
    // read once: the banner and the summary both show them
    const allergies = search('AllergyIntolerance?patient=' + patient.id + '&_count=100')
      .then((bundle) => activeAllergies(entries(bundle)));
    allergies.catch(() => { /* each place that shows them reports the failure */ });
    container.append(await banner(patient, allergies), advice,
      el('nav', { class: 'tabs', 'aria-label': 'Chart' }, TABS.map(([name, label]) =>
        el('a', { href: base + '/' + name, class: name === tab ? 'current' : null }, label))));
    const body = el('div', { id: 'chart-' + tab });
    container.append(body);
    const context = { patient, id: patient.id, ref: 'Patient/' + patient.id, base, allergies,
      refresh: () => OpenWard.go(location.hash) };
    if (tab === 'results') await resultsTab(body, context, detail);
    else if (tab === 'encounters') await encountersTab(body, context);
    else if (tab === 'notes') await notesTab(body, context);
    else await summaryTab(body, context);
  }

  /** A patient outside the user's care: the chart stays closed unless they break the glass. */
  function closedChart(patientId) {
    const message = el('p', { class: 'error', role: 'alert' });
    const reason = el('input', { id: 'break-glass-reason', size: 60, minlength: 10, maxlength: 1000, required: true });
    const password = el('input', { id: 'break-glass-password', type: 'password', required: true });
    const code = el('input', { id: 'break-glass-code', inputmode: 'numeric', maxlength: 6, size: 8 });
    const form = el('form', { class: 'card', id: 'break-glass', onsubmit: async (event) => {
      event.preventDefault();
      message.textContent = '';
      try {
        await api('/api/break-glass', { method: 'POST', body: {
          patient: patientId, reason: reason.value, password: password.value, code: code.value.trim() || null
        } });
        OpenWard.go(location.hash);
      } catch (e) {
        message.textContent = e.message;
      }
    } }, el('h3', {}, 'Emergency access (break the glass)'),
    el('p', {}, 'Say why you need this chart now. Access is granted for a limited time, and the privacy officer reviews it.'),
    el('label', {}, 'Reason ', reason), el('label', {}, 'Password ', password),
    el('label', {}, 'One-time code ', code), el('button', { type: 'submit' }, 'Open the chart'), message);
    return el('div', { id: 'chart-closed' }, el('h2', {}, 'Chart closed'),
      el('p', {}, 'This patient is not in your care, so their chart is not open to you.'), form);
  }

  async function banner(patient, active) {
    const allergies = el('div', { class: 'allergies', id: 'banner-allergies' });
    try {
      const list = await active;
      if (list.length === 0) {
        allergies.append(el('span', { class: 'none' }, 'No allergies recorded'));
      } else {
        allergies.append(el('strong', {}, 'Allergies: '), ...list.map((a) => el('span', {
          class: 'allergy' + (a.criticality === 'high' ? ' high' : ''),
          title: (a.reaction || []).map((r) => (r.manifestation || []).map(text).join(', ')).join('; ')
        }, text(a.code) + (a.criticality === 'high' ? ' (high risk)' : ''))));
      }
    } catch (e) {
      allergies.append(el('span', { class: 'none' }, e.status === 403 ? 'Allergies: not available to your role'
        : 'Allergies could not be loaded: ' + e.message));
    }
    const redacted = (patient.meta && (patient.meta.security || []).some((s) => s.code === 'REDACTED'));
    return el('div', { class: 'banner', id: 'chart-banner' },
      el('div', { class: 'who' },
        el('span', { class: 'name' }, humanName(patient)),
        el('span', {}, 'MRN ', el('strong', { id: 'banner-mrn' }, mrnOf(patient))),
        el('span', {}, (patient.birthDate || '') + ' (' + ageOf(patient.birthDate) + ')'),
        el('span', {}, patient.gender || ''),
        redacted ? el('span', { class: 'none' }, 'not in your care') : null),
      allergies);
  }

  /**
   * The cards of the installed decision support plugins for this chart ($cds-patient-view), the
   * most urgent first, and a quiet line for each service that did not answer. Nothing at all
   * when there is neither.
   */
  async function decisionSupport(patientId, panel) {
    let answer;
    try {
      answer = await api('/fhir/Patient/' + encodeURIComponent(patientId) + '/$cds-patient-view');
    } catch (e) {
      if (e.status !== 403) {
        panel.append(el('h3', {}, 'Decision support'),
          el('p', { class: 'cds-unavailable' }, 'Decision support is unavailable: ' + OpenWard.errorMessage(e)));
        panel.hidden = false;
      }
      return;
    } finally {
      panel.removeAttribute('aria-busy');
    }
    const urgency = Object.keys(INDICATORS);
    const cards = OpenWard.fhir.parameters(answer, 'card')
      .sort((a, b) => urgency.indexOf(a.indicator) - urgency.indexOf(b.indicator));
    const unavailable = OpenWard.fhir.parameters(answer, 'unavailable');
    if (cards.length === 0 && unavailable.length === 0) return;
    panel.append(el('h3', {}, 'Decision support'),
      cards.length === 0 ? null : el('ul', { class: 'cds-cards' }, cards.map(cdsCard)),
      ...unavailable.map((u) => el('p', { class: 'cds-unavailable', 'data-plugin': u.plugin, 'data-service': u.service },
        (u.title || u.service) + ' is unavailable: ' + u.reason)));
    panel.hidden = false;
  }

  function cdsCard(card) {
    const indicator = INDICATORS[card.indicator] ? card.indicator : 'info';
    const link = safeLink(card.link);
    return el('li', { class: 'cds-card cds-' + indicator, 'data-indicator': indicator, 'data-plugin': card.plugin, 'data-service': card.service },
      el('div', { class: 'cds-heading' }, el('span', { class: 'cds-indicator' }, INDICATORS[indicator]), ' ',
        el('strong', { class: 'cds-summary' }, card.summary)),
      card.detail ? el('p', { class: 'cds-detail' }, card.detail) : null,
      el('p', { class: 'cds-source' }, 'Source: ', card.source,
        link ? [' · ', el('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, 'Learn more')] : null));
  }

  /** A plugin's link, if it is a web address: never a javascript: or data: URL in the chart's page. */
  function safeLink(link) {
    try {
      const url = new URL(link);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // summary: problems, allergies, medications, latest vital signs, and recording vital signs

  async function summaryTab(body, context) {
    const sections = await Promise.all([
      section('Problems', 'summary-problems', async () => {
        const problems = entries(await search('Condition?patient=' + context.id + '&_count=100'))
          .filter((c) => ['active', 'recurrence', 'relapse'].includes(codeOf(c.clinicalStatus)));
        return table(['Problem', 'Code', 'Since'], problems.map((c) => el('tr', {},
          el('td', {}, text(c.code)), el('td', {}, codeOf(c.code) || ''), el('td', {}, day(c.onsetDateTime || c.recordedDate)))),
        'No active problems.');
      }),
      section('Allergies', 'summary-allergies', async () => {
        const allergies = await context.allergies;
        return table(['Substance', 'Reaction', 'Severity', 'Criticality'], allergies.map((a) => el('tr', {},
          el('td', {}, text(a.code)),
          el('td', {}, (a.reaction || []).map((r) => (r.manifestation || []).map(text).join(', ')).join('; ')),
          el('td', {}, (a.reaction || []).map((r) => r.severity || '').join(', ')),
          el('td', {}, a.criticality || ''))), 'No allergies recorded.');
      }),
      section('Medications', 'summary-medications', async () => {
        const medications = entries(await search('MedicationStatement?patient=' + context.id + '&status=active&_count=100'));
        return table(['Medication', 'Dosage', 'Since'], medications.map((m) => el('tr', {},
          el('td', {}, text(m.medicationCodeableConcept)),
          el('td', {}, (m.dosage || []).map((d) => d.text || '').join('; ')),
          el('td', {}, day(m.effectiveDateTime || (m.effectivePeriod && m.effectivePeriod.start))))),
        'No active medications.');
      }),
      section('Latest vital signs', 'summary-vitals', () => latestVitals(context))
    ]);
    body.append(el('div', { class: 'cards' }, sections), vitalsForm(context));
  }

  async function latestVitals(context) {
    const observations = entries(await search('Observation?patient=' + context.id
      + '&category=vital-signs&_sort=-date&_count=60'));
    const latest = new Map();
    for (const o of observations) {
      const code = codeOf(o.code, LOINC);
      if (code && !latest.has(code)) latest.set(code, o);
    }
    return table(['Vital sign', 'Value', 'Taken'], [...latest.values()].map((o) => el('tr', {
      'data-loinc': codeOf(o.code, LOINC)
    }, el('td', {}, text(o.code)), el('td', { class: flagOf(o) ? 'flag' : null }, valueOf(o) + (flagOf(o) ? ' ' + flagOf(o) : '')),
    el('td', {}, when(effective(o))))), 'No vital signs recorded.');
  }

  function vitalsForm(context) {
    const message = el('p', { class: 'error', role: 'alert' });
    const inputs = VITALS.map((v) => el('label', {}, v.label + ' ', el('input', {
      name: v.name, type: 'number', min: v.min, max: v.max, step: v.step, class: 'narrow'
    }), ' ' + v.unit));
    const systolic = el('input', { name: 'systolic', type: 'number', min: 40, max: 300, step: 1, class: 'narrow' });
    const diastolic = el('input', { name: 'diastolic', type: 'number', min: 20, max: 200, step: 1, class: 'narrow' });
    const form = el('form', { id: 'vitals-form', class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      message.textContent = '';
      const now = new Date().toISOString();
      const observations = [];
      for (const v of VITALS) {
        const value = form.elements[v.name].value;
        if (value !== '') {
          observations.push(vital(context, now, v.loinc, v.label, { value: Number(value), unit: v.unit, system: UCUM, code: v.unit }));
        }
      }
      if ((systolic.value === '') !== (diastolic.value === '')) {
        message.textContent = 'Blood pressure needs both the systolic and the diastolic value.';
        return;
      }
      if (systolic.value !== '') {
        const pressure = vital(context, now, BLOOD_PRESSURE, 'Blood pressure panel', null);
        pressure.component = [['8480-6', 'Systolic blood pressure', systolic.value], ['8462-4', 'Diastolic blood pressure', diastolic.value]]
          .map(([code, display, value]) => ({
            code: { coding: [{ system: LOINC, code, display }] },
            valueQuantity: { value: Number(value), unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' }
          }));
        observations.push(pressure);
      }
      if (observations.length === 0) {
        message.textContent = 'Enter at least one value.';
        return;
      }
      try {
        // one transaction: all of this round's values are stored, or none
        await api('/fhir', { method: 'POST', body: {
          resourceType: 'Bundle', type: 'transaction',
          entry: observations.map((resource) => ({ resource, request: { method: 'POST', url: 'Observation' } }))
        } });
        context.refresh();
      } catch (e) {
        message.textContent = e.status === 403 ? 'Your role may not record vital signs for this patient.' : e.message;
      }
    } }, el('h3', {}, 'Record vital signs'), el('div', { class: 'fields' }, inputs,
      el('label', {}, 'Blood pressure ', systolic, ' / ', diastolic, ' mm[Hg]')),
    el('button', { type: 'submit' }, 'Save vital signs'), message);
    return form;
  }

  function vital(context, at, loinc, display, value) {
    const observation = {
      resourceType: 'Observation', status: 'final',
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }],
      code: { coding: [{ system: LOINC, code: loinc, display }], text: display },
      subject: { reference: context.ref }, effectiveDateTime: at
    };
    if (value) observation.valueQuantity = value;
    return observation;
  }

  // results: the laboratory tests done, and the trend of the chosen one

  async function resultsTab(body, context, chosen) {
    const recent = entries(await search('Observation?patient=' + context.id + '&category=laboratory&_sort=-date&_count=100'));
    const tests = new Map();
    for (const o of recent) {
      const code = codeOf(o.code, LOINC);
      if (!code) continue;
      if (!tests.has(code)) tests.set(code, { code, name: text(o.code), latest: o, count: 0 });
      tests.get(code).count++;
    }
    const list = table(['Test', 'Latest', 'Flag', 'Taken'], [...tests.values()].map((t) => el('tr', {
      class: t.code === chosen ? 'chosen' : null
    }, el('td', {}, el('a', { href: context.base + '/results/' + encodeURIComponent(t.code) }, t.name)),
    el('td', {}, valueOf(t.latest)), el('td', { class: flagOf(t.latest) ? 'flag' : null }, flagOf(t.latest)),
    el('td', {}, when(effective(t.latest))))), 'No laboratory results.');
    body.append(el('div', { class: 'results' }, el('section', { class: 'card', id: 'results-tests' }, el('h3', {}, 'Tests'), list),
      chosen ? await trend(context, chosen) : el('p', { class: 'hint' }, 'Choose a test to see its trend.')));
  }

  async function trend(context, loinc) {
    // the 100 newest results, oldest first on the chart
    const series = entries(await search('Observation?patient=' + context.id + '&code='
      + encodeURIComponent(LOINC + '|' + loinc) + '&_sort=-date&_count=100'))
      .filter((o) => o.valueQuantity && typeof o.valueQuantity.value === 'number').reverse();
    const box = el('section', { class: 'card', id: 'results-trend' });
    if (series.length === 0) {
      box.append(el('p', {}, 'No numeric results for this test.'));
      return box;
    }
    const name = text(series[0].code);
    const unit = series[0].valueQuantity.unit || '';
    box.append(el('h3', {}, name + ' (' + unit + ')'), chart(series),
      table(['Taken', 'Value', 'Flag', 'Range'], series.slice().reverse().map((o) => el('tr', {},
        el('td', {}, when(effective(o))), el('td', {}, quantity(o.valueQuantity)),
        el('td', { class: flagOf(o) ? 'flag' : null }, flagOf(o)), el('td', {}, range(o)))), ''));
    return box;
  }

  function range(o) {
    const r = (o.referenceRange || [])[0];
    if (!r) return '';
    return (r.low ? r.low.value : '') + ' – ' + (r.high ? r.high.value : '');
  }

  /** An SVG line chart of the values over time, with the reference range as a band. */
  function chart(series) {
    const width = 640;
    const height = 220;
    const pad = { left: 48, right: 12, top: 12, bottom: 28 };
    const times = series.map((o) => new Date(effective(o)).getTime());
    const values = series.map((o) => o.valueQuantity.value);
    const r = (series[0].referenceRange || [])[0] || {};
    const low = r.low ? r.low.value : null;
    const high = r.high ? r.high.value : null;
    let min = Math.min(...values, low ?? Infinity);
    let max = Math.max(...values, high ?? -Infinity);
    if (min === max) { min -= 1; max += 1; }
    const t0 = Math.min(...times);
    const t1 = Math.max(...times) === t0 ? t0 + 1 : Math.max(...times);
    const x = (t) => pad.left + (t - t0) / (t1 - t0) * (width - pad.left - pad.right);
    const y = (v) => height - pad.bottom - (v - min) / (max - min) * (height - pad.top - pad.bottom);
    const svg = (tag, attributes, ...children) => {
      const node = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
      node.append(...children);
      return node;
    };
    const parts = [];
    if (low !== null && high !== null) {
      parts.push(svg('rect', { class: 'range', x: pad.left, width: width - pad.left - pad.right, y: y(high), height: Math.max(1, y(low) - y(high)) }));
    }
    parts.push(svg('line', { class: 'axis', x1: pad.left, x2: pad.left, y1: pad.top, y2: height - pad.bottom }));
    parts.push(svg('line', { class: 'axis', x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom }));
    for (const v of [min, max]) {
      parts.push(svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(Math.round(v * 10) / 10)));
    }
    parts.push(svg('text', { x: pad.left, y: height - 8 }, day(new Date(t0).toISOString())));
    parts.push(svg('text', { x: width - pad.right, y: height - 8, 'text-anchor': 'end' }, day(new Date(t1).toISOString())));
    parts.push(svg('polyline', { class: 'line', points: series.map((o, i) => x(times[i]) + ',' + y(values[i])).join(' ') }));
    series.forEach((o, i) => parts.push(svg('circle', { class: flagOf(o) ? 'point flagged' : 'point', cx: x(times[i]), cy: y(values[i]), r: 3.5 },
      svg('title', {}, when(effective(o)) + ': ' + quantity(o.valueQuantity) + (flagOf(o) ? ' (' + flagOf(o) + ')' : '')))));
    return svg('svg', { class: 'trend', viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'Trend of ' + series.length + ' results' }, ...parts);
  }

  // encounters: a timeline, newest first, 25 at a time

  async function encountersTab(body, context) {
    const list = el('ol', { class: 'timeline', id: 'encounter-timeline' });
    const more = el('button', { type: 'button', hidden: true }, 'Show older encounters');
    let next = null;
    const load = async (url) => {
      const bundle = await api(url);
      for (const e of entries(bundle)) {
        const period = e.period || {};
        list.append(el('li', { class: 'encounter ' + ((e.class && e.class.code) || '').toLowerCase() },
          el('div', { class: 'when' }, when(period.start) + (period.end ? ' – ' + when(period.end) : '')),
          el('div', {}, el('span', { class: 'badge' }, (e.class && (e.class.display || e.class.code)) || ''), ' ',
            el('strong', {}, (e.type || []).map(text).join(', ') || 'Encounter'), ' ', e.status === 'in-progress' ? '(in progress)' : ''),
          el('div', { class: 'detail' }, [
            (e.location || []).map((l) => l.location && l.location.display).filter(Boolean).join(', '),
            (e.participant || []).map((p) => p.individual && p.individual.display).filter(Boolean).join(', '),
            (e.reasonCode || []).map(text).join(', ')
          ].filter((s) => s).join(' · '))));
      }
      const link = (bundle.link || []).find((l) => l.relation === 'next');
      next = link ? new URL(link.url).pathname + new URL(link.url).search : null;
      more.hidden = !next;
      if (list.children.length === 0) list.append(el('li', { class: 'empty' }, 'No encounters.'));
    };
    more.addEventListener('click', () => load(next).catch((e) => body.append(failure(e))));
    body.append(el('section', { class: 'card' }, el('h3', {}, 'Encounters'), list, more));
    await load('/fhir/Encounter?patient=' + context.id + '&_sort=-date&_count=25');
  }

  // notes: read, write a draft, sign, amend

  async function notesTab(body, context) {
    const notes = entries(await search('DocumentReference?patient=' + context.id + '&_sort=-date&_count=50'));
    const me = OpenWard.user().username;
    const list = el('div', { id: 'notes-list' }, notes.length === 0 ? el('p', { class: 'empty' }, 'No notes.') : null,
      notes.map((note) => noteView(note, context, me)));
    body.append(noteEditor(context, null), list);
  }

  function noteState(note) {
    return { preliminary: 'draft', final: 'signed', amended: 'amended' }[note.docStatus] || note.docStatus || '';
  }

  function people(references) {
    return (references || []).map((r) => r.display || (r.identifier && r.identifier.value)).filter(Boolean).join(', ');
  }

  function noteView(note, context, me) {
    const content = fromBase64((((note.content || [])[0] || {}).attachment || {}).data);
    const mine = (note.author || []).some((a) => a.identifier && a.identifier.value === me);
    const view = el('article', { class: 'note ' + noteState(note), 'data-note': note.id },
      el('header', {}, el('strong', {}, text(note.type)), ' ', el('span', { class: 'badge state' }, noteState(note)),
        el('span', { class: 'meta' }, when(note.date) + ' · by ' + people(note.author)
          + (note.authenticator ? ' · signed by ' + people([note.authenticator]) : ''))),
      el('pre', { class: 'note-text' }, content));
    const actions = el('div', { class: 'actions' });
    if (note.docStatus === 'preliminary' && mine) {
      actions.append(el('button', { type: 'button', onclick: () => view.replaceWith(noteEditor(context, note)) }, 'Edit or sign'));
    } else if (note.docStatus === 'final' || note.docStatus === 'amended') {
      actions.append(el('button', { type: 'button', onclick: () => view.replaceWith(noteEditor(context, note)) }, 'Amend'));
    }
    view.append(actions);
    return view;
  }

  /** A new note (note null), a draft being finished, or a signed note being amended. */
  function noteEditor(context, note) {
    const amending = note && note.docStatus !== 'preliminary';
    const type = el('select', { id: 'note-type', disabled: Boolean(note) },
      NOTE_TYPES.map((t) => el('option', { value: t.code, selected: note && codeOf(note.type, LOINC) === t.code }, t.display)));
    const textArea = el('textarea', { id: 'note-text', rows: 8, cols: 80, required: true },
      note ? fromBase64((((note.content || [])[0] || {}).attachment || {}).data) : '');
    const message = el('p', { class: 'error', role: 'alert' });
    const save = async (docStatus) => {
      message.textContent = '';
      if (!textArea.value.trim()) {
        message.textContent = 'The note is empty.';
        return;
      }
      const chosen = NOTE_TYPES.find((t) => t.code === type.value);
      const resource = note ? JSON.parse(JSON.stringify(note)) : {
        resourceType: 'DocumentReference', status: 'current',
        type: { coding: [{ system: LOINC, code: chosen.code, display: chosen.display }], text: chosen.display },
        category: [{ coding: [{ system: NOTE_CATEGORY, code: 'clinical-note', display: 'Clinical Note' }] }],
        subject: { reference: context.ref }
      };
      resource.docStatus = docStatus;
      resource.content = [{ attachment: { contentType: 'text/plain; charset=utf-8', data: toBase64(textArea.value) } }];
      try {
        if (note) {
          await api('/fhir/DocumentReference/' + note.id, { method: 'PUT', body: resource });
        } else {
          await api('/fhir/DocumentReference', { method: 'POST', body: resource });
        }
        context.refresh();
      } catch (e) {
        message.textContent = e.status === 409 ? e.message + ' Reload the notes and try again.'
          : e.status === 403 ? 'Your role may not write notes for this patient.' : e.message;
      }
    };
    const buttons = amending
      ? [el('button', { type: 'button', id: 'note-amend', onclick: () => save('amended') }, 'Sign amendment')]
      : [el('button', { type: 'button', id: 'note-draft', onclick: () => save('preliminary') }, 'Save draft'),
        el('button', { type: 'button', id: 'note-sign', onclick: () => save('final') }, 'Sign')];
    if (note) buttons.push(el('button', { type: 'button', onclick: () => context.refresh() }, 'Cancel'));
    return el('form', { class: 'card note-editor', id: note ? 'note-editor-' + note.id : 'note-editor', onsubmit: (e) => e.preventDefault() },
      el('h3', {}, note ? (amending ? 'Amend note' : 'Finish draft') : 'New note'),
      el('label', {}, 'Type ', type), textArea, el('div', { class: 'actions' }, buttons), message);
  }
})();
