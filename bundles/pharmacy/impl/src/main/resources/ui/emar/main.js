'use strict';
// The nurse's eMAR in the OpenWard web shell: find the patient (#/emar), then their medication
// administration record for the shift with barcode administration (#/emar/<patientId>): scan the
// wristband, then the medication (a keyboard-wedge scanner types the code and Enter); the server
// checks the five rights and answers the dose given, or a stop naming the check that failed.
// Everything comes from /fhir under the signed-in user's permissions.

(function () {
  const { api, el, route } = OpenWard;
  const { entries, text, humanName, mrnOf, activeAllergies } = OpenWard.fhir;
  const SHIFT_HOURS = 8;
  // stops the nurse may override with a reason (too early or too late, allergy)
  const OVERRIDABLE = ['OW-1535', 'OW-1542'];
  const WITNESS_NEEDED = 'OW-1543';
  const UNREADABLE_PRODUCT = 'OW-1520';
  const UNREADABLE_WRISTBAND = 'OW-1521';
  const GROUPS = [['overdue', 'Overdue'], ['due', 'Due now'], ['as-needed', 'As needed'], ['upcoming', 'Upcoming'],
    ['given', 'Given'], ['held', 'Held'], ['refused', 'Refused']];

  let lastSearch = '';

  route('emar', async (container, parts) => {
    if (parts.length === 0) {
      await searchScreen(container);
    } else {
      await emarScreen(container, parts[0]);
    }
  });

  // --- helpers

  function time(value) {
    return value ? new Date(value).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '';
  }

  /** An instant in whole seconds: 2026-11-21T08:00:00Z. */
  function instant(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  function referenceId(reference) {
    const value = reference && reference.reference;
    return value ? value.substring(value.indexOf('/') + 1) : null;
  }

  function valueOf(part) {
    const key = Object.keys(part).find((k) => k.startsWith('value'));
    return key ? part[key] : null;
  }

  /** The $emar answer's slots: {order, medication, dose, route, scheduled, status, administration, highAlert}. */
  function slotsOf(parameters) {
    return ((parameters && parameters.parameter) || []).filter((p) => p.name === 'slot').map((p) => {
      const slot = {};
      for (const part of p.part || []) slot[part.name] = valueOf(part);
      slot.orderId = referenceId(slot.order);
      slot.administrationId = referenceId(slot.administration);
      slot.highAlert = slot.highAlert === true;
      return slot;
    });
  }

  // --- finding the patient

  async function searchScreen(container) {
    const input = el('input', { id: 'emar-search-text', name: 'q', required: true, value: lastSearch, size: 32,
      autocomplete: 'off', placeholder: 'Scan the wristband, or type a name or MRN' });
    const message = el('p', { class: 'error', role: 'alert' });
    const results = el('div', { id: 'emar-patients' });
    const form = el('form', { id: 'emar-search', onsubmit: async (event) => {
      event.preventDefault();
      lastSearch = input.value.trim();
      await runSearch(lastSearch, results, message);
    } }, el('label', { for: input.id }, 'Patient ', input), el('button', { type: 'submit' }, 'Find'));
    container.append(el('div', { class: 'emar-screen' }, el('h2', {}, 'eMAR: choose a patient'), form, message, results));
    input.focus();
    if (lastSearch) await runSearch(lastSearch, results, message);
  }

  async function runSearch(query, results, message) {
    message.textContent = '';
    results.replaceChildren();
    const parameter = /\d/.test(query) ? 'identifier' : 'name';
    try {
      const patients = entries(await api('/fhir/Patient?' + parameter + '=' + encodeURIComponent(query) + '&_count=50'));
      if (patients.length === 0) {
        message.textContent = 'No patient found.';
        return;
      }
      if (patients.length === 1 && parameter === 'identifier') {
        OpenWard.go('#/emar/' + encodeURIComponent(patients[0].id));
        return;
      }
      results.append(el('table', {}, el('thead', {}, el('tr', {}, ['Name', 'MRN', 'Birth date'].map((h) => el('th', {}, h)))),
        el('tbody', {}, patients.map((p) => el('tr', {},
          el('td', {}, el('a', { href: '#/emar/' + encodeURIComponent(p.id) }, humanName(p))),
          el('td', {}, mrnOf(p)), el('td', {}, p.birthDate || ''))))));
    } catch (e) {
      message.textContent = OpenWard.errorMessage(e);
    }
  }

  // --- one patient's eMAR

  async function emarScreen(container, patientId) {
    let patient;
    try {
      patient = await api('/fhir/Patient/' + encodeURIComponent(patientId));
    } catch (e) {
      container.append(el('div', { class: 'emar-screen' }, el('h2', {}, 'eMAR'),
        el('p', { class: 'error', role: 'alert' }, e.status === 403
          ? 'This patient is not in your care.' : OpenWard.errorMessage(e)),
        el('p', {}, el('a', { href: '#/emar' }, 'Choose another patient'))));
      return;
    }
    const screen = {
      patient,
      selected: null,
      record: el('section', { id: 'emar', class: 'emar-record', 'aria-labelledby': 'emar-title' }),
      result: el('div', { id: 'scan-result', 'aria-live': 'assertive' })
    };
    screen.reload = () => loadRecord(screen);
    container.append(el('div', { class: 'emar-screen' }, await banner(patient),
      el('div', { class: 'emar-layout' }, scanPanel(screen), screen.record)));
    await screen.reload();
    screen.wristband.focus();
  }

  async function banner(patient) {
    const allergies = el('div', { class: 'emar-allergies', id: 'emar-allergies' });
    try {
      const list = activeAllergies(entries(await api('/fhir/AllergyIntolerance?patient=' + encodeURIComponent(patient.id)
        + '&_count=100')));
      if (list.length === 0) {
        allergies.append(el('span', { class: 'emar-none' }, 'No allergies recorded'));
      } else {
        allergies.append(el('strong', {}, 'Allergies: '), ...list.map((a) => el('span', {
          class: 'emar-allergy' + (a.criticality === 'high' ? ' high' : '')
        }, text(a.code) + (a.criticality === 'high' ? ' (high risk)' : ''))));
      }
    } catch (e) {
      allergies.append(el('span', { class: 'error' }, 'Allergies could not be loaded: ' + OpenWard.errorMessage(e)));
    }
    return el('div', { class: 'emar-banner', id: 'emar-banner', 'data-patient': patient.id },
      el('div', { class: 'emar-who' },
        el('span', { class: 'emar-name' }, humanName(patient)),
        el('span', {}, 'MRN ', el('strong', { id: 'emar-mrn' }, mrnOf(patient))),
        el('span', {}, patient.birthDate || ''),
        el('span', {}, patient.gender || ''),
        el('a', { href: '#/emar' }, 'Other patient')),
      allergies);
  }

  async function loadRecord(screen) {
    const now = Date.now();
    const from = new Date(now - SHIFT_HOURS * 3600 * 1000);
    const to = new Date(now + SHIFT_HOURS * 3600 * 1000);
    const body = el('div', { id: 'emar-slots' });
    screen.record.replaceChildren(
      el('div', { class: 'emar-heading' }, el('h3', { id: 'emar-title' }, 'This shift: ' + time(from) + ' – ' + time(to)),
        el('button', { type: 'button', id: 'emar-refresh', onclick: () => screen.reload() }, 'Refresh')),
      body);
    let slots;
    try {
      slots = slotsOf(await api('/fhir/MedicationAdministration/$emar?patient=' + encodeURIComponent(screen.patient.id)
        + '&from=' + encodeURIComponent(instant(from)) + '&to=' + encodeURIComponent(instant(to))));
    } catch (e) {
      body.append(el('p', { class: 'error', role: 'alert' }, e.status === 403
        ? 'The eMAR of this patient is not open to you.' : OpenWard.errorMessage(e)));
      return;
    }
    screen.slots = slots;
    if (slots.length === 0) {
      body.append(el('p', { class: 'emar-none' }, 'No medication in this shift.'));
      return;
    }
    for (const [status, label] of GROUPS) {
      const group = slots.filter((s) => s.status === status);
      if (group.length === 0) continue;
      body.append(el('section', { class: 'slot-group status-' + status, 'data-status': status },
        el('h4', {}, label + ' (' + group.length + ')'),
        el('table', {}, el('thead', {}, el('tr', {}, ['Time', 'Medication', 'Dose', 'Route', ''].map((h) => el('th', {}, h)))),
          el('tbody', {}, group.map((slot) => slotRow(screen, slot))))));
    }
    const other = slots.filter((s) => !GROUPS.some(([status]) => status === s.status));
    if (other.length) body.append(el('p', { class: 'error' }, other.length + ' doses with an unknown status are not shown.'));
  }

  function slotRow(screen, slot) {
    const row = el('tr', { class: 'slot status-' + slot.status, 'data-order': slot.orderId, 'data-status': slot.status,
      'data-scheduled': slot.scheduled || null, 'data-administration': slot.administrationId },
    el('td', {}, slot.scheduled ? time(slot.scheduled) : 'when needed'),
    el('td', {}, slot.medication || '', slot.highAlert ? [' ', el('span', { class: 'emar-badge high-alert' }, 'HIGH ALERT')] : null),
    el('td', {}, slot.dose || ''),
    el('td', {}, slot.route || ''),
    el('td', {}, el('div', { class: 'emar-actions' })));
    const actions = row.lastChild.firstChild;
    if (['due', 'overdue', 'as-needed'].includes(slot.status)) {
      actions.append(el('button', { type: 'button', 'data-action': 'give', onclick: () => choose(screen, slot) }, 'Give…'));
    }
    if ((slot.status === 'due' || slot.status === 'overdue') && slot.scheduled) {
      actions.append(
        el('button', { type: 'button', 'data-action': 'held', onclick: () => notGivenForm(screen, slot, row, 'held') }, 'Held…'),
        el('button', { type: 'button', 'data-action': 'refused', onclick: () => notGivenForm(screen, slot, row, 'refused') }, 'Refused…'));
    }
    return row;
  }

  /** Held or refused: the reason in a form under the dose's row. */
  function notGivenForm(screen, slot, row, status) {
    for (const open of screen.record.querySelectorAll('tr.not-given')) open.remove();
    const reason = el('input', { id: 'not-given-reason', name: 'reason', size: 50, maxlength: 1000, required: true });
    const message = el('p', { class: 'error', role: 'alert' });
    const formRow = el('tr', { class: 'not-given', 'data-order': slot.orderId },
      el('td', { colspan: 5 }, el('form', { id: 'not-given-form', 'data-status': status, onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = '';
        if (reason.value.trim().length < 3) {
          message.textContent = 'Give the reason (at least 3 characters).';
          return;
        }
        try {
          await api('/fhir/MedicationAdministration/$not-given', { method: 'POST', body: { resourceType: 'Parameters', parameter: [
            { name: 'order', valueString: slot.orderId },
            { name: 'scheduled', valueDateTime: slot.scheduled },
            { name: 'status', valueCode: status },
            { name: 'reason', valueString: reason.value.trim() }
          ] } });
          await screen.reload();
        } catch (e) {
          message.textContent = OpenWard.errorMessage(e);
        }
      } },
      el('label', { for: reason.id }, (status === 'held' ? 'Why is the dose held? ' : 'Why did the patient refuse it? ')
        + '(' + (slot.medication || '') + ', due ' + time(slot.scheduled) + ')', reason),
      el('div', { class: 'emar-buttons' },
        el('button', { type: 'submit', 'data-action': 'confirm' }, status === 'held' ? 'Record held' : 'Record refused'),
        el('button', { type: 'button', onclick: () => formRow.remove() }, 'Cancel')),
      message)));
    row.after(formRow);
    reason.focus();
  }

  // --- scanning

  function choose(screen, slot) {
    screen.selected = slot;
    screen.forText.textContent = 'Giving: ' + (slot.medication || '') + ' ' + (slot.dose || '')
      + (slot.scheduled ? ', due ' + time(slot.scheduled) : ' (as needed)');
    screen.forBox.hidden = false;
    screen.wristband.focus();
  }

  function unchoose(screen) {
    screen.selected = null;
    screen.forBox.hidden = true;
  }

  function scanPanel(screen) {
    screen.wristband = el('input', { id: 'scan-wristband', name: 'wristband', autocomplete: 'off', size: 24, required: true });
    screen.medication = el('input', { id: 'scan-medication', name: 'medication', autocomplete: 'off', size: 40, required: true });
    screen.units = el('input', { id: 'scan-units', name: 'units', type: 'number', min: 1, max: 20, step: 1, value: 1,
      class: 'emar-narrow', required: true });
    screen.submit = el('button', { type: 'submit', id: 'scan-submit' }, 'Give');
    screen.forText = el('span', { id: 'scan-for-text' });
    screen.forBox = el('p', { id: 'scan-for', hidden: true }, screen.forText, ' ',
      el('button', { type: 'button', onclick: () => unchoose(screen) }, 'Any due dose'));
    // a keyboard-wedge scanner ends the wristband with Enter: go on to the medication
    screen.wristband.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      if (screen.wristband.value.trim()) screen.medication.focus();
    });
    const form = el('form', { id: 'scan-form', autocomplete: 'off', onsubmit: (event) => {
      event.preventDefault();
      if (!screen.wristband.value.trim()) {
        screen.wristband.focus();
        return;
      }
      if (!screen.medication.value.trim()) {
        screen.medication.focus();
        return;
      }
      const scan = {
        wristband: screen.wristband.value.trim(),
        barcode: screen.medication.value.trim(),
        units: Math.max(1, Number(screen.units.value) || 1),
        order: screen.selected ? screen.selected.orderId : null
      };
      administer(screen, scan);
    } },
    screen.forBox,
    el('label', { for: 'scan-wristband' }, '1. Scan wristband', screen.wristband),
    el('label', { for: 'scan-medication' }, '2. Scan medication', screen.medication),
    el('label', { for: 'scan-units' }, 'Units', screen.units),
    screen.submit);
    return el('section', { id: 'scan-panel', class: 'emar-scan', 'aria-labelledby': 'scan-title' },
      el('h3', { id: 'scan-title' }, 'Give a dose'), form, screen.result);
  }

  function clearScan(screen) {
    screen.wristband.value = '';
    screen.medication.value = '';
    screen.units.value = 1;
    unchoose(screen);
    screen.wristband.focus();
  }

  /** Sends the scan (with a witness or an override reason when asked for) and shows what came back. */
  async function administer(screen, scan) {
    const parameter = [
      { name: 'patient', valueString: screen.patient.id },
      { name: 'wristband', valueString: scan.wristband },
      { name: 'barcode', valueString: scan.barcode },
      { name: 'units', valueInteger: scan.units }
    ];
    if (scan.order) parameter.push({ name: 'order', valueString: scan.order });
    if (scan.witness) {
      parameter.push({ name: 'witness-username', valueString: scan.witness.username },
        { name: 'witness-password', valueString: scan.witness.password });
      if (scan.witness.code) parameter.push({ name: 'witness-code', valueString: scan.witness.code });
    }
    if (scan.overrideReason) parameter.push({ name: 'override-reason', valueString: scan.overrideReason });
    screen.submit.disabled = true;
    screen.result.replaceChildren(el('p', { class: 'emar-none' }, 'Checking…'));
    try {
      const administration = await api('/fhir/MedicationAdministration/$administer', {
        method: 'POST', body: { resourceType: 'Parameters', parameter } });
      screen.result.replaceChildren(given(administration));
      clearScan(screen);
      await screen.reload();
    } catch (e) {
      stopped(screen, scan, e);
    } finally {
      screen.submit.disabled = false;
    }
  }

  function given(administration) {
    const dose = (administration.dosage && administration.dosage.dose) || {};
    const medication = text(administration.medicationCodeableConcept)
      || (administration.medicationReference && administration.medicationReference.display) || 'The dose';
    const at = administration.effectiveDateTime || (administration.effectivePeriod && administration.effectivePeriod.start);
    return el('div', { class: 'given', role: 'status', 'data-administration': administration.id },
      el('strong', {}, 'Given: '), medication + (dose.value !== undefined ? ' ' + dose.value + ' ' + (dose.unit || dose.code || '') : '')
        + (at ? ' at ' + time(at) : '') + '.');
  }

  function stopped(screen, scan, e) {
    // the second person's credentials refused (OW-0150 to OW-0153, field witness): they try again
    if (e.code === WITNESS_NEEDED || (scan.witness && (e.field === 'witness' || /^OW-015[0-3]$/.test(e.code || '')))) {
      screen.result.replaceChildren(witnessForm(screen, scan, e));
      screen.result.querySelector('#witness-username').focus();
    } else if (OVERRIDABLE.includes(e.code)) {
      screen.result.replaceChildren(overrideForm(screen, scan, e));
      screen.result.querySelector('#override-reason').focus();
    } else if (e.code === UNREADABLE_PRODUCT || e.code === UNREADABLE_WRISTBAND) {
      const field = e.code === UNREADABLE_PRODUCT ? screen.medication : screen.wristband;
      screen.result.replaceChildren(el('div', { class: 'scan-error', role: 'alert' },
        el('strong', {}, 'Scan again. '), OpenWard.errorMessage(e)));
      field.value = '';
      field.focus();
    } else if (e.status === 409) {
      screen.result.replaceChildren(el('div', { class: 'stop', role: 'alert', 'data-code': e.code },
        el('strong', { class: 'stop-title' }, 'STOP'),
        el('p', { class: 'stop-message' }, OpenWard.errorMessage(e)),
        el('p', {}, 'Nothing was recorded. Do not give this dose; check the patient, the order and the product.')));
      clearScan(screen);
    } else {
      screen.result.replaceChildren(el('div', { class: 'scan-error', role: 'alert', 'data-code': e.code },
        e.status === 403 ? 'Your role may not give medication to this patient.' : OpenWard.errorMessage(e)));
    }
  }

  /** A high-alert drug: a second nurse or pharmacist checks the dose with their own credentials. */
  function witnessForm(screen, scan, e) {
    const username = el('input', { id: 'witness-username', name: 'witness-username', autocomplete: 'off', required: true });
    const password = el('input', { id: 'witness-password', name: 'witness-password', type: 'password', autocomplete: 'off', required: true });
    const code = el('input', { id: 'witness-code', name: 'witness-code', inputmode: 'numeric', maxlength: 6, size: 8, autocomplete: 'off' });
    return el('div', { class: 'scan-check witness', id: 'witness-check', role: 'alert', 'data-code': e.code },
      el('strong', {}, 'High-alert drug: a second person checks this dose'),
      el('p', {}, OpenWard.errorMessage(e)),
      el('form', { id: 'witness-form', autocomplete: 'off', onsubmit: (event) => {
        event.preventDefault();
        administer(screen, Object.assign({}, scan, {
          witness: { username: username.value.trim(), password: password.value, code: code.value.trim() || null } }));
      } },
      el('label', { for: username.id }, 'Second person’s username', username),
      el('label', { for: password.id }, 'Their password', password),
      el('label', { for: code.id }, 'Their one-time code (if they have one)', code),
      el('div', { class: 'emar-buttons' },
        el('button', { type: 'submit', id: 'witness-submit' }, 'Confirm and give'),
        el('button', { type: 'button', onclick: () => { screen.result.replaceChildren(); clearScan(screen); } }, 'Cancel'))));
  }

  /** A stop the nurse may override (too early or too late, allergy): the reason, then give anyway. */
  function overrideForm(screen, scan, e) {
    const reason = el('textarea', { id: 'override-reason', name: 'override-reason', rows: 2, cols: 50, maxlength: 1000, required: true });
    const message = el('p', { class: 'error', role: 'alert' });
    return el('div', { class: 'stop overridable', id: 'override-check', role: 'alert', 'data-code': e.code },
      el('strong', { class: 'stop-title' }, 'STOP'),
      el('p', { class: 'stop-message' }, OpenWard.errorMessage(e)),
      el('form', { id: 'override-form', onsubmit: (event) => {
        event.preventDefault();
        if (reason.value.trim().length < 5) {
          message.textContent = 'Give the reason (at least 5 characters).';
          return;
        }
        administer(screen, Object.assign({}, scan, { overrideReason: reason.value.trim() }));
      } },
      el('label', { for: reason.id }, 'Reason to give it anyway', reason),
      el('div', { class: 'emar-buttons' },
        el('button', { type: 'submit', id: 'give-anyway' }, 'Give anyway'),
        el('button', { type: 'button', id: 'override-cancel', onclick: () => { screen.result.replaceChildren(); clearScan(screen); } },
          'Do not give')),
      message));
  }
})();
