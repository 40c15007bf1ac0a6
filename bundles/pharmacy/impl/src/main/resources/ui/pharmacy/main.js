'use strict';
// The pharmacist's screen in the OpenWard web shell (#/pharmacy): the verification queue (every
// active order waiting for a pharmacist, oldest first, with its alerts and the prescriber's
// override reasons; verify, reject or query the prescriber) and the verified orders to dispense
// (scan the product barcode at the counter). Everything comes from /fhir under the signed-in
// user's permissions.

(function () {
  const { api, el, route } = OpenWard;
  const { entries, text, humanName, mrnOf, activeAllergies } = OpenWard.fhir;
  const VERIFICATION = 'https://openward.org/fhir/StructureDefinition/verification';
  const HIGH_ALERT = 'https://openward.org/fhir/StructureDefinition/high-alert';
  const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

  route('pharmacy', async (container) => {
    const patients = new Map();
    const queue = el('section', { class: 'rx-section', id: 'queue', 'aria-labelledby': 'queue-title' });
    const toDispense = el('section', { class: 'rx-section', id: 'to-dispense', 'aria-labelledby': 'to-dispense-title' });
    const refresh = async () => {
      await Promise.all([
        list(queue, 'queue-title', 'Waiting for verification', 'verification=pending&status=active',
          'No order is waiting for verification.', patients, refresh),
        list(toDispense, 'to-dispense-title', 'Verified, to dispense', 'verification=verified&status=active',
          'No verified order to dispense.', patients, refresh)
      ]);
    };
    container.append(el('div', { class: 'rx-screen' },
      el('div', { class: 'rx-heading' }, el('h2', {}, 'Pharmacy'),
        el('button', { type: 'button', id: 'rx-refresh', onclick: () => refresh() }, 'Refresh')),
      queue, toDispense));
    await refresh();
  });

  // --- helpers

  function when(value) {
    return value ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  }

  function extension(resource, url) {
    return (resource.extension || []).find((e) => e.url === url);
  }

  /** The value of a sub-extension: status, by, at, reason of the verification. */
  function part(complex, url) {
    const found = ((complex && complex.extension) || []).find((e) => e.url === url);
    if (!found) return null;
    const key = Object.keys(found).find((k) => k.startsWith('value'));
    return key ? found[key] : null;
  }

  function patientIdOf(order) {
    const reference = (order.subject && order.subject.reference) || '';
    return reference.startsWith('Patient/') ? reference.substring(8) : reference;
  }

  function dosage(order) {
    return (order.dosageInstruction || [])[0] || {};
  }

  function doseText(order) {
    const q = ((dosage(order).doseAndRate || [])[0] || {}).doseQuantity;
    return q && q.value !== undefined ? q.value + ' ' + (q.unit || q.code || '') : '';
  }

  /** "twice daily", "every 8 h", "as needed for pain (at most every 4 h)". */
  function frequencyText(order) {
    const d = dosage(order);
    const repeat = (d.timing && d.timing.repeat) || {};
    let schedule = '';
    if (repeat.period) {
      const n = repeat.frequency || 1;
      if (repeat.periodUnit === 'd' && repeat.period === 1) {
        schedule = n === 1 ? 'once daily' : n === 2 ? 'twice daily' : n + ' times daily';
      } else if (repeat.periodUnit === 'h') {
        schedule = 'every ' + Math.round(repeat.period / n * 100) / 100 + ' h';
      } else {
        schedule = n + ' × every ' + repeat.period + ' ' + (repeat.periodUnit === 'd' ? 'days' : repeat.periodUnit);
      }
    }
    const needed = d.asNeededCodeableConcept || d.asNeededBoolean;
    if (needed) {
      const reason = d.asNeededCodeableConcept ? text(d.asNeededCodeableConcept) : '';
      return 'as needed' + (reason ? ' for ' + reason : '') + (schedule ? ' (at most ' + schedule + ')' : '');
    }
    return schedule;
  }

  function period(order) {
    const bounds = ((dosage(order).timing || {}).repeat || {}).boundsPeriod || {};
    if (!bounds.start && !bounds.end) return '';
    return (bounds.start ? 'from ' + when(bounds.start) : '') + (bounds.end ? ' until ' + when(bounds.end) : '');
  }

  /** Every page of a search, up to 500 resources (the server answers at most 500 orders). */
  async function all(url) {
    const found = [];
    for (let next = url; next && found.length < 500;) {
      const bundle = await api(next);
      found.push(...entries(bundle));
      const link = (bundle.link || []).find((l) => l.relation === 'next');
      next = link ? new URL(link.url).pathname + new URL(link.url).search : null;
    }
    return found;
  }

  /** The patient and their active allergies (null where not readable), read once per screen. */
  async function patientOf(id, patients) {
    if (!patients.has(id)) {
      patients.set(id, Promise.all([
        api('/fhir/Patient/' + encodeURIComponent(id)).catch(() => null),
        api('/fhir/AllergyIntolerance?patient=' + encodeURIComponent(id) + '&_count=100')
          .then((bundle) => activeAllergies(entries(bundle)))
          .catch(() => null)
      ]).then(([patient, allergies]) => ({ patient, allergies })));
    }
    return patients.get(id);
  }

  // --- the lists

  async function list(section, titleId, title, query, empty, patients, refresh) {
    const body = el('div', { class: 'rx-orders' });
    section.replaceChildren(el('h3', { id: titleId }, title), body);
    let orders;
    try {
      orders = await all('/fhir/MedicationRequest?' + query + '&_count=100');
    } catch (e) {
      body.append(el('p', { class: 'error', role: 'alert' }, e.status === 403
        ? 'Not available to your role.' : OpenWard.errorMessage(e)));
      return;
    }
    // the oldest order first: it has waited longest
    orders.sort((a, b) => String(a.authoredOn || '').localeCompare(String(b.authoredOn || '')));
    if (orders.length === 0) {
      body.append(el('p', { class: 'rx-empty' }, empty));
      return;
    }
    const cards = await Promise.all(orders.map(async (order) =>
      orderCard(order, await patientOf(patientIdOf(order), patients), refresh)));
    body.append(...cards);
  }

  function orderCard(order, { patient, allergies }, refresh) {
    const state = part(extension(order, VERIFICATION), 'status') || 'pending';
    const highAlert = (extension(order, HIGH_ALERT) || {}).valueBoolean === true;
    const coding = ((order.medicationCodeableConcept || {}).coding || []).find((c) => c.system === RXNORM)
      || ((order.medicationCodeableConcept || {}).coding || [])[0] || {};
    const patientId = patientIdOf(order);
    const card = el('article', { class: 'rx-order' + (highAlert ? ' rx-high-alert' : ''), 'data-order': order.id,
      'data-verification': state, 'data-patient': patientId },
    el('header', {},
      el('span', { class: 'rx-patient' }, patient ? humanName(patient) : 'Patient/' + patientId),
      patient ? el('span', { class: 'rx-mrn' }, 'MRN ' + mrnOf(patient)) : null,
      highAlert ? el('span', { class: 'rx-badge rx-badge-high-alert' }, 'HIGH ALERT') : null),
    el('div', { class: 'rx-allergies' }, allergies === null ? el('span', { class: 'rx-meta' }, 'Allergies could not be read')
      : allergies.length === 0 ? el('span', { class: 'rx-meta' }, 'No allergies recorded')
        : ['Allergies: ', ...allergies.map((a) => el('span', { class: 'rx-allergy' + (a.criticality === 'high' ? ' high' : '') },
          text(a.code) + (a.criticality === 'high' ? ' (high risk)' : '')))]),
    el('div', { class: 'rx-drug' },
      el('strong', {}, coding.display || text(order.medicationCodeableConcept)),
      coding.code ? el('span', { class: 'rx-meta' }, ' RxNorm ' + coding.code) : null),
    el('dl', { class: 'rx-details' },
      el('dt', {}, 'Dose'), el('dd', { class: 'rx-dose' }, doseText(order) || '—'),
      el('dt', {}, 'Route'), el('dd', { class: 'rx-route' }, text(dosage(order).route) || '—'),
      el('dt', {}, 'Frequency'), el('dd', { class: 'rx-frequency' }, frequencyText(order) || '—'),
      period(order) ? [el('dt', {}, 'Period'), el('dd', {}, period(order))] : null,
      el('dt', {}, 'Prescriber'), el('dd', { class: 'rx-prescriber' }, (order.requester && order.requester.display) || '—'),
      el('dt', {}, 'Ordered'), el('dd', {}, when(order.authoredOn) || '—'),
      state !== 'pending' ? [el('dt', {}, 'Verification'), el('dd', {}, verificationText(order, state))] : null),
    alerts(order));
    if (state === 'pending') card.append(decisions(order, refresh));
    if (state === 'verified') card.append(dispenseForm(order));
    return card;
  }

  function verificationText(order, state) {
    const v = extension(order, VERIFICATION);
    const by = part(v, 'by');
    const at = part(v, 'at');
    const reason = part(v, 'reason');
    return state + (by ? ' by ' + by : '') + (at ? ', ' + when(at) : '') + (reason ? ': ' + reason : '');
  }

  /** The order checks' findings, each with what the prescriber did about it. */
  function alerts(order) {
    const issues = (order.contained || []).filter((r) => r.resourceType === 'DetectedIssue');
    if (issues.length === 0) return el('p', { class: 'rx-no-alerts' }, 'No alerts.');
    return el('ul', { class: 'rx-alerts', 'aria-label': 'Alerts' }, issues.map((issue) => {
      const mitigation = (issue.mitigation || [])[0] || {};
      const action = ((mitigation.action || {}).coding || [])[0] || {};
      const evidence = ((issue.evidence || [])[0] || {}).detail || [];
      return el('li', { class: 'rx-alert rx-' + (issue.severity || 'low'),
        'data-alert': ((issue.identifier || [])[0] || {}).value || '' },
      el('span', { class: 'rx-severity' }, (issue.severity || '').toUpperCase()), ' ',
      el('span', { class: 'rx-kind' }, ((issue.code || {}).coding || [])[0] ? issue.code.coding[0].code : ''), ': ',
      issue.detail || '',
      evidence.length ? el('div', { class: 'rx-meta' }, 'Evidence: ' + evidence.map((r) => r.display).filter(Boolean).join('; ')) : null,
      action.code === 'overridden'
        ? el('div', { class: 'rx-override' }, 'Overridden by the prescriber: ', el('q', {}, (mitigation.action || {}).text || ''))
        : el('div', { class: 'rx-meta' }, 'Shown to the prescriber, not overridden'));
    }));
  }

  // --- verification

  function decisions(order, refresh) {
    const message = el('p', { class: 'error', role: 'alert' });
    const reasonBox = el('div', { class: 'rx-reason', hidden: true });
    const buttons = el('div', { class: 'rx-actions' },
      el('button', { type: 'button', 'data-action': 'verify', onclick: () => decide('verified') }, 'Verify'),
      el('button', { type: 'button', 'data-action': 'reject', onclick: () => ask('rejected') }, 'Reject…'),
      el('button', { type: 'button', 'data-action': 'query', onclick: () => ask('queried') }, 'Query prescriber…'));

    async function decide(decision, reason) {
      message.textContent = '';
      const parameter = [{ name: 'decision', valueCode: decision }];
      if (reason) parameter.push({ name: 'reason', valueString: reason });
      for (const b of box.querySelectorAll('button')) b.disabled = true;
      try {
        await api('/fhir/MedicationRequest/' + encodeURIComponent(order.id) + '/$verify', {
          method: 'POST', body: { resourceType: 'Parameters', parameter } });
        await refresh();
      } catch (e) {
        message.textContent = e.status === 403 ? 'Your role may not verify orders.'
          : e.status === 409 ? OpenWard.errorMessage(e) + ' Refresh the queue: the order has changed.'
            : OpenWard.errorMessage(e);
        for (const b of box.querySelectorAll('button')) b.disabled = false;
      }
    }

    function ask(decision) {
      const id = 'reason-' + order.id;
      // one line: the server takes 5 to 1000 characters without line breaks
      const input = el('input', { id, name: 'reason', size: 70, minlength: 5, maxlength: 1000, required: true, autocomplete: 'off' });
      const form = el('form', { class: 'rx-reason-form', 'data-decision': decision, onsubmit: (event) => {
        event.preventDefault();
        const reason = input.value.trim();
        if (reason.length < 5) {
          message.textContent = 'Give the reason (at least 5 characters).';
          return;
        }
        decide(decision, reason);
      } },
      el('label', { for: id }, decision === 'rejected' ? 'Why is the order rejected?' : 'Question for the prescriber'),
      input,
      el('div', { class: 'rx-actions' },
        el('button', { type: 'submit', 'data-action': 'confirm' }, decision === 'rejected' ? 'Reject order' : 'Send query'),
        el('button', { type: 'button', onclick: () => { reasonBox.hidden = true; reasonBox.replaceChildren(); } }, 'Cancel')));
      reasonBox.replaceChildren(form);
      reasonBox.hidden = false;
      input.focus();
    }

    const box = el('div', { class: 'rx-decisions' }, buttons, reasonBox, message);
    return box;
  }

  // --- dispensing

  function dispenseForm(order) {
    const suffix = order.id;
    const barcode = el('input', { id: 'dispense-barcode-' + suffix, name: 'barcode', class: 'rx-barcode', size: 40,
      autocomplete: 'off', required: true, placeholder: 'Scan the product' });
    const location = el('input', { id: 'dispense-location-' + suffix, name: 'location', value: 'pharmacy', size: 14, required: true });
    const quantity = el('input', { id: 'dispense-quantity-' + suffix, name: 'quantity', type: 'number', min: 1, max: 10000,
      step: 1, value: 1, class: 'rx-narrow', required: true });
    const result = el('div', { class: 'rx-dispense-result', role: 'status', 'aria-live': 'polite' });
    const history = el('p', { class: 'rx-meta rx-dispense-history' });
    const loadHistory = () => api('/fhir/MedicationDispense?prescription=' + encodeURIComponent(order.id) + '&_count=1')
      .then((bundle) => {
        const last = entries(bundle)[0];
        const by = (((last && last.performer) || [])[0] || {}).actor || {};
        history.textContent = !last ? 'Not dispensed yet.' : 'Dispensed ' + bundle.total + (bundle.total === 1 ? ' time' : ' times')
          + '; last ' + when(last.whenHandedOver) + (by.display ? ' by ' + by.display : '') + '.';
      }).catch(() => { history.textContent = 'Earlier dispenses could not be read.'; });
    loadHistory();
    // a keyboard-wedge scanner types the code and Enter: Enter in the barcode field submits the form
    const form = el('form', { class: 'rx-dispense', 'data-order': order.id, autocomplete: 'off', onsubmit: async (event) => {
      event.preventDefault();
      result.replaceChildren();
      const scanned = barcode.value.trim();
      if (!scanned) {
        barcode.focus();
        return;
      }
      try {
        const dispense = await api('/fhir/MedicationRequest/' + encodeURIComponent(order.id) + '/$dispense', {
          method: 'POST', body: { resourceType: 'Parameters', parameter: [
            { name: 'barcode', valueString: scanned },
            { name: 'location', valueString: location.value.trim() },
            { name: 'quantity', valueInteger: Number(quantity.value) }
          ] } });
        result.append(dispensed(dispense));
        loadHistory();
      } catch (e) {
        result.append(el('p', { class: 'error', role: 'alert' }, e.status === 403
          ? 'Your role may not dispense, or the patient is not open to you.' : OpenWard.errorMessage(e)));
      }
      barcode.value = '';
      barcode.focus();
    } },
    el('h4', {}, 'Dispense'), history,
    el('div', { class: 'rx-fields' },
      el('label', { for: barcode.id }, 'Product barcode', barcode),
      el('label', { for: location.id }, 'Location', location),
      el('label', { for: quantity.id }, 'Quantity', quantity),
      el('button', { type: 'submit', 'data-action': 'dispense' }, 'Dispense')),
    result);
    return form;
  }

  function dispensed(dispense) {
    const product = (dispense.contained || []).find((r) => r.resourceType === 'Medication') || {};
    const batch = product.batch || {};
    const q = dispense.quantity || {};
    return el('p', { class: 'rx-dispensed', 'data-dispense': dispense.id },
      'Dispensed ' + (q.value !== undefined ? q.value + ' × ' : '')
      + ((dispense.medicationReference && dispense.medicationReference.display) || text(product.code))
      + (batch.lotNumber ? ', lot ' + batch.lotNumber : '')
      + (batch.expirationDate ? ' (expires ' + String(batch.expirationDate).substring(0, 10) + ')' : '')
      + ((dispense.location && dispense.location.display) ? ', from ' + dispense.location.display : '')
      + ' — MedicationDispense/' + dispense.id);
  }
})();
