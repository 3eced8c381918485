/*
 * Profile Migration (admin page): copies existing profile data into Rollcall's six default fields,
 * from Confluence's old profile details (where the site still provides them) or from a CSV file of
 * a Server/Data Center site. A dry run shows what would change and writes nothing; the run writes
 * it, with live progress (GET /rest/v1/migration every second), and ends with its report.
 *
 * The options form is built once (a chosen file survives every re-render); the results area below
 * it shows the latest of: the dry run, the run's progress, the run's report.
 * Data only ever reaches the DOM as text (textContent, attributes): never as HTML.
 */
(function () {
  'use strict';

  var POLL_MS = 1000;
  var POLL_FAILURES_TOLERATED = 5;
  var MAX_FILE_BYTES = 50 * 1024 * 1024; // the server's limit
  /** The six default fields by stable key, in the order people know them. */
  var FIELD_KEYS = ['phone', 'im', 'website', 'position', 'department', 'location'];
  var DEFAULT_LABELS = { phone: 'Phone', im: 'IM', website: 'Website', position: 'Position', department: 'Department', location: 'Location' };
  var CSV_EXAMPLE = 'email;phone;position;department;location\n' + 'ann@example.com;+41 44 111 22 33;Archivist;"Records; Archive";Basel\n' + 'ben@example.com;;Clerk;Front office;Zürich';

  var state = { status: null, labels: {} };
  var ui = {
    source: 'csv', // 'confluence' | 'csv'
    file: null,
    overwrite: false,
    dryRun: null, // the last dry run's answer, for the selection in dryRunKey
    dryRunKey: null,
    dryRunError: null,
    confirming: false,
    run: null, // the current or last run (GET /rest/v1/migration's `current`)
    runError: null,
    busy: false,
    runShownFromLoad: false, // the report on screen is of a run before this visit
  };
  var els = {};
  var pollTimer = null;
  var pollFailures = 0;
  var request = 0;
  var names = {}; // account id -> display name (for the sample)

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (text only)
  // ---------------------------------------------------------------------------------------------

  // Shared helpers: see public/js/rollcall.js.
  var { h, icon, lozenge, formGlyph } = Rollcall.dom;
  var { messageOf, codeOf, plural, localTime, sendBytes } = Rollcall;
  var { nextId } = Rollcall.dom.withPrefix('pm');

  function announce(text) {
    Rollcall.dom.announce(els.live, text);
  }

  /** A button's busy look: disabled, a spinner, optionally another text (its icon comes back after). */
  function setBusy(button, busy, busyText) {
    if (!button) return;
    button.disabled = busy;
    if (busy) {
      button.setAttribute('aria-busy', 'true');
      if (busyText) {
        button.idleChildren = Array.prototype.slice.call(button.childNodes);
        button.textContent = busyText;
      }
      button.appendChild(h('span', { class: 'rc-spinner rc-button-spinner', 'aria-hidden': 'true' }));
    } else {
      button.removeAttribute('aria-busy');
      if (button.idleChildren) {
        button.textContent = '';
        button.idleChildren.forEach(function (child) {
          button.appendChild(child);
        });
        delete button.idleChildren;
      }
      var spinner = button.querySelector('.rc-button-spinner');
      if (spinner) spinner.remove();
    }
  }

  function fileSize(bytes) {
    if (bytes < 1024) return plural(bytes, 'byte', 'bytes');
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
    return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  }

  function labelOf(key) {
    return state.labels[key] || DEFAULT_LABELS[key] || key;
  }

  /** A profile value as text: strings as they are, anything else (numbers, lists) readable. */
  function valueText(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(valueText).join(', ');
    return JSON.stringify(value);
  }

  function valueCell(value, testId) {
    var text = valueText(value);
    if (!text) return h('td', { class: 'pm-empty-value', 'data-testid': testId }, [h('span', { class: 'pm-muted', text: '(empty)' })]);
    return h('td', { class: 'pm-value', 'data-testid': testId, text: text });
  }

  // ---------------------------------------------------------------------------------------------
  // REST
  // ---------------------------------------------------------------------------------------------

  /** POST /rest/v1/migration/{dry-run|run} for the current selection. */
  function post(action) {
    var path = '/rest/v1/migration/' + action + '?source=' + encodeURIComponent(ui.source) + (ui.overwrite ? '&overwriteSourceFields=true' : '');
    if (ui.source === 'csv') return sendBytes('POST', path, ui.file, 'text/csv');
    return Rollcall.api('POST', path);
  }

  /** What a dry run was made for: another source, file or option needs a new dry run. */
  function selectionKey() {
    var file = ui.file;
    return JSON.stringify([ui.source, ui.source === 'csv' && file ? [file.name, file.size, file.lastModified] : null, ui.overwrite]);
  }

  function dryRunCurrent() {
    return !!ui.dryRun && ui.dryRunKey === selectionKey();
  }

  function isRunning() {
    return !!ui.run && ui.run.status === 'running';
  }

  // ---------------------------------------------------------------------------------------------
  // The hint (until the first migration ran)
  // ---------------------------------------------------------------------------------------------

  function renderHint() {
    els.hint.textContent = '';
    if (!state.status || !state.status.showHint) return;
    els.hint.appendChild(
      h('div', { class: 'aui-message aui-message-info pm-hint', 'data-testid': 'migration-hint' }, [
        h('p', {}, [
          h('strong', { text: 'Migrate existing profile data first:' }),
          ' nothing has been migrated on this site yet. Bring over what people already have before they start filling in their profiles, so nobody types it again.',
        ]),
      ]),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // The options form (built once)
  // ---------------------------------------------------------------------------------------------

  function radio(name, value, labelText, description, checked, testId) {
    var id = nextId(name);
    var input = h('input', { class: 'radio', type: 'radio', id: id, name: name, value: value, checked: !!checked, 'data-testid': testId });
    if (description) input.setAttribute('aria-describedby', id + '-description');
    return {
      input: input,
      node: h('div', { class: 'radio pm-radio' }, [input, formGlyph(), h('label', { for: id, text: labelText }), description ? h('div', { class: 'description', id: id + '-description', text: description }) : null]),
    };
  }

  function availabilityMessage(available) {
    if (available) {
      return h('div', { class: 'aui-message aui-message-success pm-availability', 'data-testid': 'source-availability', 'data-available': 'true' }, [
        h('p', { class: 'title' }, [h('strong', { text: 'This site still provides Confluence’s profile details' })]),
        h('p', { text: 'Rollcall can copy each person’s phone, IM, website, position, department and location from Confluence. You can also upload a CSV file instead.' }),
      ]);
    }
    return h('div', { class: 'aui-message aui-message-info pm-availability', 'data-testid': 'source-availability', 'data-available': 'false' }, [
      h('p', {}, [
        h('strong', { text: 'Confluence Cloud no longer provides profile details to apps on this site:' }),
        ' upload a CSV file exported from your Server/Data Center site. Its format is described below.',
      ]),
    ]);
  }

  /** The CSV format, with the fields' current labels, and a small example. */
  function csvFormatHelp() {
    var columns = h(
      'ul',
      { class: 'pm-columns', 'data-testid': 'csv-columns' },
      FIELD_KEYS.map(function (key) {
        return h('li', {}, [h('code', { text: key }), labelOf(key) !== key ? h('span', { class: 'pm-muted', text: ' → ' + labelOf(key) }) : null]);
      }),
    );
    return h('section', { class: 'pm-format', 'data-testid': 'csv-format', 'aria-labelledby': 'pm-format-title' }, [
      h('h3', { id: 'pm-format-title', text: 'The CSV file' }),
      h('ul', { class: 'pm-format-rules' }, [
        h('li', {}, ['A header row naming the person: ', h('code', { text: 'accountId' }), ' (the Atlassian account id) or ', h('code', { text: 'email' }), '.']),
        h('li', {}, ['Any of the columns below, in any order and any case; other columns are ignored, and an empty cell migrates nothing:', columns]),
        h('li', {}, ['Values separated by ', h('code', { text: ',' }), ' or ', h('code', { text: ';' }), '; quote a value that holds the separator or a line break.']),
        h('li', { text: 'Saved as UTF-8, with or without BOM (Excel: “CSV UTF-8”).' }),
      ]),
      h('p', { class: 'pm-example-title', id: 'pm-example-title', text: 'Example' }),
      h('pre', { class: 'pm-example', 'data-testid': 'csv-example', 'aria-labelledby': 'pm-example-title', text: CSV_EXAMPLE }),
    ]);
  }

  function buildForm() {
    var available = !!state.status.confluenceDetailsAvailable;
    ui.source = available ? 'confluence' : 'csv';
    var form = h('form', { class: 'aui top-label pm-form', 'data-testid': 'migration-form', novalidate: true, on: { submit: preventSubmit } });

    // 1. Source
    var sourceSection = h('section', { class: 'pm-section', 'aria-labelledby': 'pm-source-title', 'data-testid': 'source-section' }, [
      h('h2', { id: 'pm-source-title', text: 'Where the data comes from' }),
      availabilityMessage(available),
    ]);
    if (available) {
      var fromConfluence = radio('source', 'confluence', 'Migrate from Confluence', 'Each person’s profile details as Confluence has them now.', true, 'source-confluence');
      var fromFile = radio('source', 'csv', 'Upload a CSV file', 'A file exported from your Server/Data Center site, or any file in the format below.', false, 'source-csv');
      [fromConfluence.input, fromFile.input].forEach(function (input) {
        input.addEventListener('change', function () {
          if (!input.checked) return;
          ui.source = input.value;
          selectionChanged();
        });
      });
      sourceSection.appendChild(
        h('fieldset', { class: 'group pm-sources', 'data-testid': 'source-choice' }, [h('legend', {}, [h('span', { text: 'Source' })]), fromConfluence.node, fromFile.node]),
      );
    }

    var fileId = nextId('file');
    els.file = h('input', {
      class: 'upfile pm-file-input',
      type: 'file',
      id: fileId,
      name: 'file',
      accept: '.csv,text/csv,text/plain',
      'data-testid': 'csv-file',
      'aria-describedby': fileId + '-description',
      on: { change: fileChosen },
    });
    els.fileInfo = h('div', { class: 'pm-file-info', 'data-testid': 'file-info', 'aria-live': 'polite' });
    els.fileError = h('div', { class: 'error', 'data-error-for': 'file', role: 'alert', 'data-testid': 'file-error' });
    els.csvBlock = h('div', { class: 'pm-csv', 'data-testid': 'csv-block', hidden: ui.source !== 'csv' }, [
      h('div', { class: 'field-group' }, [
        h('label', { for: fileId }, ['CSV file', h('span', { class: 'aui-icon icon-required', text: 'required' })]),
        els.file,
        h('div', { class: 'description', id: fileId + '-description', text: 'A .csv file of up to 50 MB.' }),
        els.fileInfo,
        els.fileError,
      ]),
      csvFormatHelp(),
    ]);
    sourceSection.appendChild(els.csvBlock);
    form.appendChild(sourceSection);

    // 2. Options
    var overwriteId = nextId('overwrite');
    els.overwrite = h('input', {
      class: 'checkbox',
      type: 'checkbox',
      id: overwriteId,
      name: 'overwriteSourceFields',
      'data-testid': 'overwrite-source-fields',
      'aria-describedby': overwriteId + '-description',
      checked: false,
      on: {
        change: function () {
          ui.overwrite = els.overwrite.checked;
          selectionChanged();
        },
      },
    });
    form.appendChild(
      h('section', { class: 'pm-section', 'aria-labelledby': 'pm-options-title' }, [
        h('h2', { id: 'pm-options-title', text: 'Options' }),
        h('div', { class: 'checkbox pm-checkbox' }, [
          els.overwrite,
          formGlyph(),
          h('label', { for: overwriteId, text: 'Also overwrite fields that LDAP or XML fill' }),
          h('div', {
            class: 'description',
            id: overwriteId + '-description',
            text: 'Left off, values that an LDAP or XML data source filled stay as they are: its next sync would fill them again anyway.',
          }),
        ]),
      ]),
    );

    // 3. Dry run and run
    els.dryRunButton = h('button', { class: 'aui-button', type: 'button', 'data-testid': 'dry-run', on: { click: dryRun } }, [icon('search'), ' Dry run']);
    els.runButton = h('button', { class: 'aui-button aui-button-primary', type: 'button', 'data-testid': 'run-migration', on: { click: askToRun } }, ['Run migration']);
    els.actionNote = h('p', { class: 'pm-muted pm-action-note', 'data-testid': 'action-note', id: 'pm-action-note' });
    els.runButton.setAttribute('aria-describedby', 'pm-action-note');
    els.confirm = h('div', { class: 'pm-confirm-slot', 'data-testid': 'confirm-slot' });
    form.appendChild(
      h('section', { class: 'pm-section', 'aria-labelledby': 'pm-actions-title' }, [
        h('h2', { id: 'pm-actions-title', text: 'Dry run, then migrate' }),
        h('p', { class: 'pm-section-intro', text: 'A dry run reads the data and shows what would change; it writes nothing. Run the migration once the dry run looks right.' }),
        h('div', { class: 'buttons-container' }, [h('div', { class: 'buttons pm-buttons' }, [els.dryRunButton, els.runButton])]),
        els.actionNote,
        els.confirm,
      ]),
    );
    return form;
  }

  function preventSubmit(event) {
    event.preventDefault();
  }

  function fileChosen() {
    ui.file = els.file.files && els.file.files[0] ? els.file.files[0] : null;
    els.fileError.textContent = '';
    els.file.removeAttribute('aria-invalid');
    els.fileInfo.textContent = '';
    if (ui.file) {
      els.fileInfo.appendChild(h('span', {}, [icon('file'), ' ', h('span', { 'data-testid': 'file-name', text: ui.file.name }), h('span', { class: 'pm-muted', text: ' · ' + fileSize(ui.file.size) })]));
    }
    selectionChanged();
  }

  /** Another source, file or option: the dry run no longer describes what a run would do. */
  function selectionChanged() {
    els.csvBlock.hidden = ui.source !== 'csv';
    ui.confirming = false;
    if (ui.dryRun || ui.dryRunError) {
      ui.dryRun = null;
      ui.dryRunKey = null;
      ui.dryRunError = null;
      renderResults();
    }
    renderActions();
  }

  function fileProblem() {
    if (ui.source !== 'csv') return null;
    if (!ui.file) return 'Choose the CSV file first.';
    if (ui.file.size === 0) return 'The file is empty.';
    if (ui.file.size > MAX_FILE_BYTES) return 'The file is larger than 50 MB: split it into several files and migrate them one after the other.';
    return null;
  }

  function renderActions() {
    var running = isRunning();
    els.dryRunButton.disabled = ui.busy || running;
    els.runButton.disabled = ui.busy || running || !dryRunCurrent() || ui.confirming;
    var note;
    if (running) note = 'A migration is running.';
    else if (!dryRunCurrent()) note = 'Run migration becomes available after a dry run of what is selected above.';
    else if (ui.dryRun.wouldChange === 0) note = 'The dry run found nothing to change; running the migration would only record the run.';
    else note = 'Running the migration writes what the dry run shows into ' + plural(ui.dryRun.wouldChange, 'profile', 'profiles') + '.';
    els.actionNote.textContent = note;
    renderConfirm();
  }

  // ---------------------------------------------------------------------------------------------
  // Dry run
  // ---------------------------------------------------------------------------------------------

  function dryRun() {
    var problem = fileProblem();
    if (problem) {
      els.fileError.textContent = problem;
      els.file.setAttribute('aria-invalid', 'true');
      els.file.focus();
      Rollcall.resize();
      return;
    }
    var key = selectionKey();
    var mine = ++request;
    ui.busy = true;
    ui.confirming = false;
    ui.dryRun = null;
    ui.dryRunError = null;
    ui.runError = null;
    renderActions();
    setBusy(els.dryRunButton, true, 'Dry run…');
    showResultsLoading('Reading ' + (ui.source === 'csv' ? 'the file' : 'Confluence’s profile details') + ' and comparing it with the profiles…');
    post('dry-run')
      .then(function (plan) {
        if (mine !== request) return;
        ui.dryRun = plan;
        ui.dryRunKey = key;
        announce('Dry run done: ' + plural(plan.wouldChange, 'profile', 'profiles') + ' would change. Nothing was written.');
        resolveNames(plan.sample || []);
      })
      .catch(function (error) {
        if (mine !== request) return;
        ui.dryRunError = messageOf(error);
      })
      .then(function () {
        if (mine !== request) return;
        ui.busy = false;
        setBusy(els.dryRunButton, false);
        if (ui.dryRunKey !== selectionKey()) ui.dryRun = null; // the selection changed meanwhile
        renderActions();
        renderResults();
        var heading = els.results.querySelector('h2');
        if (heading) heading.focus();
      });
  }

  function showResultsLoading(text) {
    els.results.textContent = '';
    els.results.setAttribute('aria-busy', 'true');
    els.results.appendChild(h('div', { class: 'pm-loading', 'data-testid': 'results-loading' }, [h('span', { class: 'rc-spinner', 'aria-hidden': 'true' }), h('span', { text: text })]));
    Rollcall.resize();
  }

  /** The sample's people by name (their profile's display name), filled in when known. */
  function resolveNames(sample) {
    sample.forEach(function (change) {
      var id = change.accountId;
      if (!id || names[id] !== undefined) return;
      names[id] = null;
      Rollcall.api('GET', '/rest/v1/profiles/' + encodeURIComponent(id))
        .then(function (profile) {
          if (!profile || !profile.displayName) return;
          names[id] = profile.displayName;
          els.results.querySelectorAll('[data-testid="sample-person-name"]').forEach(function (el) {
            if (el.getAttribute('data-account-id') === id) el.textContent = profile.displayName;
          });
        })
        .catch(function () {
          // The account id stays.
        });
    });
  }

  function fact(count, label, testId, modifier, help) {
    return h('div', { class: 'pm-fact' + (modifier && count > 0 ? ' pm-fact-' + modifier : ''), 'data-testid': testId, 'data-count': String(count), title: help || null }, [
      h('dt', { text: label }),
      h('dd', { text: String(count) }),
    ]);
  }

  function lineText(line) {
    return line === null || line === undefined ? '—' : String(line);
  }

  function hasLines(items) {
    return items.some(function (item) {
      return item.line !== null && item.line !== undefined;
    });
  }

  function tableSection(title, intro, testId, table) {
    var headingId = nextId('table');
    return h('section', { class: 'pm-list', 'data-testid': testId, 'aria-labelledby': headingId }, [h('h3', { id: headingId, text: title }), intro ? h('p', { class: 'pm-muted', text: intro }) : null, h('div', { class: 'pm-table-wrap' }, [table])]);
  }

  function unmatchedTable(items, testPrefix) {
    var lines = hasLines(items);
    return tableSection(
      plural(items.length, 'row names nobody on this site', 'rows name nobody on this site'),
      lines ? 'No Confluence person of this site has this email address or account id; these rows are left out.' : 'These people are not known to Rollcall; they are left out.',
      testPrefix + '-unmatched',
      h('table', { class: 'aui pm-table' }, [
        h('thead', {}, [h('tr', {}, [lines ? h('th', { scope: 'col', class: 'pm-line', text: 'Line' }) : null, h('th', { scope: 'col', text: 'Email or account id' })])]),
        h(
          'tbody',
          {},
          items.map(function (item) {
            return h('tr', { 'data-testid': 'unmatched-row', 'data-line': item.line === undefined || item.line === null ? null : String(item.line) }, [
              lines ? h('td', { class: 'pm-line', 'data-testid': 'unmatched-line', text: lineText(item.line) }) : null,
              h('td', { class: 'pm-identifier', 'data-testid': 'unmatched-identifier', text: item.identifier }),
            ]);
          }),
        ),
      ]),
    );
  }

  /** Values in categories restricted to groups the admin is not in: counted, never shown. */
  function hiddenNote(count, testPrefix) {
    return h('p', { class: 'pm-note', 'data-testid': testPrefix + '-hidden-note', 'data-count': String(count) }, [
      icon('info-filled'),
      ' ' + plural(count, 'value is', 'values are') + ' in categories restricted to groups you are not in: ' + (count === 1 ? 'it is' : 'they are') + ' not shown here.',
    ]);
  }

  function invalidTable(items, testPrefix) {
    var lines = hasLines(items);
    return tableSection(
      plural(items.length, 'value is invalid', 'values are invalid'),
      'These values do not fit their field and are skipped; the person’s other values still migrate. Correct them in the file and migrate again.',
      testPrefix + '-invalid',
      h('table', { class: 'aui pm-table' }, [
        h('thead', {}, [
          h('tr', {}, [
            lines ? h('th', { scope: 'col', class: 'pm-line', text: 'Line' }) : null,
            h('th', { scope: 'col', text: 'Person' }),
            h('th', { scope: 'col', text: 'Field' }),
            h('th', { scope: 'col', text: 'Value' }),
            h('th', { scope: 'col', text: 'Reason' }),
          ]),
        ]),
        h(
          'tbody',
          {},
          items.map(function (item) {
            return h('tr', { 'data-testid': 'invalid-row', 'data-line': item.line === undefined || item.line === null ? null : String(item.line) }, [
              lines ? h('td', { class: 'pm-line', 'data-testid': 'invalid-line', text: lineText(item.line) }) : null,
              h('td', { class: 'pm-identifier', 'data-testid': 'invalid-identifier', text: item.identifier }),
              h('td', { 'data-testid': 'invalid-field', text: item.field }),
              h('td', { class: 'pm-value', 'data-testid': 'invalid-value', text: item.value }),
              h('td', { 'data-testid': 'invalid-reason', text: item.reason }),
            ]);
          }),
        ),
      ]),
    );
  }

  function sampleTable(plan) {
    var sample = plan.sample || [];
    var lines = hasLines(sample);
    var rows = [];
    sample.forEach(function (change) {
      var fields = change.fields || [];
      fields.forEach(function (field, i) {
        var cells = [];
        if (i === 0) {
          var name = names[change.accountId];
          cells.push(
            h('th', { scope: 'rowgroup', rowspan: String(fields.length), class: 'pm-person', 'data-testid': 'sample-person' }, [
              h('span', { class: 'pm-person-name', 'data-testid': 'sample-person-name', 'data-account-id': change.accountId, text: name || change.accountId }),
              lines && change.line !== null && change.line !== undefined ? h('span', { class: 'pm-muted pm-person-line', 'data-testid': 'sample-line', text: 'Line ' + change.line }) : null,
            ]),
          );
        }
        cells.push(h('td', { class: 'pm-field', 'data-testid': 'sample-field', 'data-field-key': field.key, text: field.label }));
        cells.push(valueCell(field.before, 'sample-before'));
        cells.push(h('td', { class: 'pm-arrow', 'aria-hidden': 'true', text: '→' }));
        cells.push(valueCell(field.after, 'sample-after'));
        rows.push(h('tr', { class: i === 0 ? 'pm-first-of-person' : null, 'data-testid': 'sample-row', 'data-account-id': change.accountId, 'data-field-key': field.key }, cells));
      });
    });
    var title = sample.length < plan.wouldChange ? 'The first ' + sample.length + ' of ' + plan.wouldChange + ' profiles that would change' : 'What would change';
    return tableSection(
      title,
      'Each value as the profile has it now and as it would be after the migration. Fields carry their current labels.',
      'dry-run-sample',
      h('table', { class: 'aui pm-table pm-sample' }, [
        h('thead', {}, [
          h('tr', {}, [
            h('th', { scope: 'col', text: 'Person' }),
            h('th', { scope: 'col', text: 'Field' }),
            h('th', { scope: 'col', text: 'Before' }),
            h('th', { scope: 'col', class: 'pm-arrow' }, [h('span', { class: 'assistive', text: 'becomes' })]),
            h('th', { scope: 'col', text: 'After' }),
          ]),
        ]),
        h('tbody', {}, rows),
      ]),
    );
  }

  function dryRunResult(plan) {
    var invalid = plan.invalid || [];
    var unmatched = plan.unmatched || [];
    var unknown = plan.unknownColumns || [];
    var box = h('section', { class: 'pm-result', 'data-testid': 'dry-run-result', 'data-source': plan.source, 'aria-labelledby': 'pm-dry-run-title' }, [
      h('div', { class: 'pm-result-head' }, [
        h('h2', { id: 'pm-dry-run-title', tabindex: '-1', text: 'Dry run result' }),
        lozenge('Nothing written', null, { 'data-testid': 'nothing-written' }),
      ]),
      h('p', { class: 'pm-result-intro', 'data-testid': 'dry-run-note' }, [
        'This was a dry run ',
        plan.source === 'csv' ? 'of the file' + (ui.file ? ' ' + ui.file.name : '') : 'of Confluence’s profile details',
        ': no profile was changed. Run the migration to write these values.',
      ]),
    ]);
    if (plan.warning) {
      box.appendChild(
        h('div', { class: 'aui-message aui-message-warning pm-warning', role: 'note', 'data-testid': 'dry-run-warning' }, [
          h('p', { class: 'title' }, [h('strong', { text: 'Before you run it' })]),
          h('p', { text: plan.warning }),
        ]),
      );
    }
    box.appendChild(
      h('dl', { class: 'pm-facts', 'data-testid': 'dry-run-counts' }, [
        fact(plan.wouldChange, 'Profiles would change', 'count-would-change', 'good'),
        fact(plan.unchanged, 'Unchanged', 'count-unchanged', null, 'People whose values are already in Rollcall'),
        fact(unmatched.length, 'Unmatched rows', 'count-unmatched', 'bad'),
        fact(invalid.length, 'Invalid values', 'count-invalid', 'bad'),
        fact(plan.keptFromSources, 'Kept: a directory fills them', 'count-kept', 'note', 'Values a data source (LDAP, XML) filled; they stay unless you tick “Also overwrite fields that LDAP or XML fill”'),
      ]),
    );
    if (plan.keptFromSources > 0 && !ui.overwrite) {
      box.appendChild(
        h('p', { class: 'pm-note', 'data-testid': 'kept-note' }, [
          icon('info-filled'),
          ' ' + plural(plan.keptFromSources, 'value stays', 'values stay') + ' as LDAP or XML filled ' + (plan.keptFromSources === 1 ? 'it' : 'them') + '. To replace ' + (plan.keptFromSources === 1 ? 'it' : 'them') + ' too, tick “Also overwrite fields that LDAP or XML fill” and run the dry run again.',
        ]),
      );
    }
    if (unknown.length) {
      box.appendChild(
        h('p', { class: 'pm-note', 'data-testid': 'unknown-columns' }, [icon('info-filled'), ' ' + (unknown.length === 1 ? 'This column is ignored: ' : 'These columns are ignored: ')].concat(
          unknown.reduce(function (parts, column, i) {
            if (i) parts.push(', ');
            parts.push(h('code', { 'data-testid': 'unknown-column', text: column }));
            return parts;
          }, []),
        )),
      );
    }
    if (plan.hiddenValues > 0) box.appendChild(hiddenNote(plan.hiddenValues, 'dry-run'));
    if (plan.sample && plan.sample.length) box.appendChild(sampleTable(plan));
    else if (!plan.wouldChange) box.appendChild(h('p', { class: 'pm-nothing', 'data-testid': 'dry-run-nothing' }, [icon('check-circle'), ' Nothing would change: every matched profile already has these values.']));
    if (unmatched.length) box.appendChild(unmatchedTable(unmatched, 'dry-run'));
    if (invalid.length) box.appendChild(invalidTable(invalid, 'dry-run'));
    return box;
  }

  // ---------------------------------------------------------------------------------------------
  // Run
  // ---------------------------------------------------------------------------------------------

  function askToRun() {
    if (!dryRunCurrent()) return;
    ui.confirming = true;
    renderActions();
    var yes = els.confirm.querySelector('[data-testid="confirm-run-yes"]');
    if (yes) yes.focus();
  }

  function renderConfirm() {
    els.confirm.textContent = '';
    if (!ui.confirming || !dryRunCurrent()) return;
    var n = ui.dryRun.wouldChange;
    var question = 'Run the migration now?';
    var yes = h('button', { class: 'aui-button aui-button-primary', type: 'button', 'data-testid': 'confirm-run-yes', text: 'Migrate ' + plural(n, 'profile', 'profiles'), on: { click: run } });
    els.confirm.appendChild(
      h('div', { class: 'pm-confirm', role: 'alertdialog', 'aria-label': question, 'aria-describedby': 'pm-confirm-text', 'data-testid': 'confirm-run' }, [
        h('span', { class: 'pm-confirm-text', id: 'pm-confirm-text' }, [
          h('strong', { text: question }),
          ' ',
          h('span', {
            text:
              'It writes the values the dry run showed into ' +
              plural(n, 'profile', 'profiles') +
              ', replacing what these fields hold now. Each value is marked as coming from the migration.',
          }),
        ]),
        yes,
        h('button', {
          class: 'aui-button aui-button-link',
          type: 'button',
          'data-testid': 'confirm-run-no',
          text: 'Cancel',
          on: {
            click: function () {
              ui.confirming = false;
              renderActions();
              els.runButton.focus();
            },
          },
        }),
      ]),
    );
    Rollcall.resize();
  }

  function run() {
    if (!dryRunCurrent()) return;
    var yes = els.confirm.querySelector('[data-testid="confirm-run-yes"]');
    setBusy(yes, true, 'Starting…');
    ui.busy = true;
    ui.runError = null;
    post('run')
      .then(function (started) {
        ui.confirming = false;
        ui.dryRun = null;
        ui.dryRunKey = null;
        ui.run = { status: 'running', startedAt: new Date().toISOString(), total: (started && started.total) || 0, done: 0 };
        announce('The migration started.');
        startPolling();
      })
      .catch(function (error) {
        ui.confirming = false;
        if (codeOf(error) === 'migration_running') {
          // Someone else started one: follow it; a dry run is due again after it.
          ui.dryRun = null;
          ui.dryRunKey = null;
          ui.run = { status: 'running', total: 0, done: 0 };
          announce('Another migration is running; its progress is shown.');
          startPolling();
          return;
        }
        ui.runError = messageOf(error);
      })
      .then(function () {
        ui.busy = false;
        renderActions();
        renderResults();
        var heading = els.results.querySelector('h2');
        if (heading) heading.focus();
      });
  }

  function startPolling() {
    stopPolling();
    pollFailures = 0;
    pollTimer = window.setTimeout(poll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer) window.clearTimeout(pollTimer);
    pollTimer = null;
  }

  function poll() {
    pollTimer = null;
    Rollcall.api('GET', '/rest/v1/migration')
      .then(function (status) {
        pollFailures = 0;
        state.status = status;
        var current = status.current;
        if (current && current.status === 'running') {
          ui.run = current;
          updateProgress();
          pollTimer = window.setTimeout(poll, POLL_MS);
          return;
        }
        ui.run = current;
        ui.runShownFromLoad = false;
        renderHint();
        renderActions();
        renderResults();
        announce(current && current.status === 'failed' ? 'The migration failed.' : 'The migration finished.');
      })
      .catch(function (error) {
        pollFailures += 1;
        if (pollFailures <= POLL_FAILURES_TOLERATED) {
          pollTimer = window.setTimeout(poll, POLL_MS * pollFailures);
          return;
        }
        ui.runError = 'The migration’s progress could not be read: ' + messageOf(error) + ' Reload the page to see how it ended.';
        renderResults();
      });
  }

  function progressText(run) {
    var total = run.total || 0;
    var done = Math.min(run.done || 0, total);
    if (!total) return 'Migrating…';
    return 'Migrating… ' + done + ' of ' + plural(total, 'profile', 'profiles');
  }

  function progressBox() {
    return h('div', { class: 'pm-progress', 'data-testid': 'migration-progress' }, [
      h('div', { class: 'aui-progress-indicator', role: 'progressbar', 'aria-label': 'Migration progress', 'aria-valuemin': '0', 'data-testid': 'progress-bar' }, [h('span', { class: 'aui-progress-indicator-value' })]),
      h('div', { class: 'pm-progress-text', 'data-testid': 'progress-text' }),
    ]);
  }

  /** Moves the bar in place, so it slides rather than jumps. */
  function updateProgress() {
    var box = els.results.querySelector('[data-testid="migration-progress"]');
    if (!box) {
      renderResults();
      return;
    }
    var run = ui.run || {};
    var total = run.total || 0;
    var done = Math.min(run.done || 0, total);
    var bar = box.querySelector('.aui-progress-indicator');
    var value = bar.querySelector('.aui-progress-indicator-value');
    // Nothing written yet: AUI's moving indeterminate bar says work is going on.
    if (total && done) {
      bar.setAttribute('data-value', String(done / total));
      bar.setAttribute('aria-valuemax', String(total));
      bar.setAttribute('aria-valuenow', String(done));
      value.style.width = Math.round((done / total) * 100) + '%';
    } else {
      bar.removeAttribute('data-value');
      bar.removeAttribute('aria-valuenow');
      value.style.width = '';
    }
    bar.setAttribute('aria-valuetext', progressText(run));
    box.setAttribute('data-done', String(done));
    box.setAttribute('data-total', String(total));
    box.querySelector('.pm-progress-text').textContent = progressText(run);
  }

  function runningView(run) {
    return h('section', { class: 'pm-result', 'data-testid': 'migration-running', 'aria-labelledby': 'pm-running-title' }, [
      h('div', { class: 'pm-result-head' }, [h('h2', { id: 'pm-running-title', tabindex: '-1', text: 'Migration running' }), lozenge('Running', 'inprogress', { 'data-testid': 'run-status', 'data-status': 'running' })]),
      h('p', { class: 'pm-result-intro', text: run.startedAt ? 'Started ' + localTime(run.startedAt) + '. You can leave this page: the migration goes on, and its report waits here.' : 'You can leave this page: the migration goes on.' }),
      progressBox(),
    ]);
  }

  function reportView(run, isLast) {
    var report = run.report || {};
    var succeeded = run.status === 'succeeded';
    var unmatched = report.unmatched || [];
    var invalid = report.invalid || [];
    var from = report.source === 'csv' ? 'a CSV file' : report.source === 'confluence' ? 'Confluence' : null;
    var box = h('section', { class: 'pm-result', 'data-testid': 'migration-report', 'data-status': run.status, 'aria-labelledby': 'pm-report-title' }, [
      h('div', { class: 'pm-result-head' }, [
        h('h2', { id: 'pm-report-title', tabindex: '-1', text: isLast ? 'Last migration' : 'Migration report' }),
        succeeded ? lozenge('Succeeded', 'success', { 'data-testid': 'run-status', 'data-status': 'succeeded' }) : lozenge('Failed', 'error', { 'data-testid': 'run-status', 'data-status': 'failed' }),
      ]),
      h('p', { class: 'pm-result-intro', 'data-testid': 'report-when' }, [
        (from ? 'From ' + from + '; ' : '') + (run.finishedAt ? 'finished ' + localTime(run.finishedAt) : run.startedAt ? 'started ' + localTime(run.startedAt) : '') + '.',
      ]),
    ]);
    if (succeeded) {
      box.appendChild(
        h('div', { class: 'aui-message aui-message-success', 'data-testid': 'report-summary' }, [
          h('p', { class: 'title' }, [h('strong', { text: report.migrated ? plural(report.migrated, 'profile', 'profiles') + ' migrated' : 'Nothing needed migrating' })]),
          h('p', { text: report.migrated ? 'Their values are marked as coming from the migration; people can edit them in their profiles.' : 'Every matched profile already had these values.' }),
        ]),
      );
      box.appendChild(
        h('dl', { class: 'pm-facts', 'data-testid': 'report-counts' }, [
          fact(report.migrated || 0, 'Migrated', 'report-migrated', 'good'),
          fact(report.unchanged || 0, 'Unchanged', 'report-unchanged'),
          fact(unmatched.length, 'Unmatched rows', 'report-unmatched-count', 'bad'),
          fact(invalid.length, 'Invalid values skipped', 'report-invalid-count', 'bad'),
          fact(report.keptFromSources || 0, 'Kept: a directory fills them', 'report-kept', 'note'),
        ]),
      );
      if (report.hiddenValues > 0) box.appendChild(hiddenNote(report.hiddenValues, 'report'));
      if (unmatched.length) box.appendChild(unmatchedTable(unmatched, 'report'));
      if (invalid.length) box.appendChild(invalidTable(invalid, 'report'));
    } else {
      box.appendChild(
        h('div', { class: 'aui-message aui-message-error', role: 'alert', 'data-testid': 'report-error' }, [
          h('p', { class: 'title' }, [h('strong', { text: 'The migration failed' })]),
          h('p', { text: run.message || 'The migration stopped before it finished.' }),
        ]),
      );
    }
    box.appendChild(h('p', { class: 'pm-again', 'data-testid': 'run-again' }, [icon('refresh'), ' The migration can run again at any time.']));
    return box;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------------------------------

  function renderResults() {
    els.results.textContent = '';
    els.results.removeAttribute('aria-busy');
    if (ui.runError) {
      els.results.appendChild(
        h('div', { class: 'aui-message aui-message-error', role: 'alert', 'data-testid': 'run-error' }, [h('p', { class: 'title' }, [h('strong', { text: 'The migration could not start' })]), h('p', { text: ui.runError })]),
      );
    }
    if (ui.dryRunError) {
      els.results.appendChild(
        h('div', { class: 'aui-message aui-message-error', role: 'alert', 'data-testid': 'dry-run-error' }, [h('p', { class: 'title' }, [h('strong', { text: 'The dry run failed' })]), h('p', { text: ui.dryRunError })]),
      );
    } else if (dryRunCurrent()) {
      els.results.appendChild(dryRunResult(ui.dryRun));
    } else if (ui.run && ui.run.status === 'running') {
      els.results.appendChild(runningView(ui.run));
      updateProgress();
    } else if (ui.run) {
      els.results.appendChild(reportView(ui.run, ui.runShownFromLoad));
    }
    els.root.setAttribute('data-state', ui.busy ? 'busy' : isRunning() ? 'running' : dryRunCurrent() ? 'planned' : ui.run ? 'reported' : 'idle');
    Rollcall.resize();
  }

  function render() {
    els.view.textContent = '';
    els.view.removeAttribute('aria-busy');
    renderHint();
    els.view.appendChild(buildForm());
    els.results = h('div', { class: 'pm-results', 'data-testid': 'results', 'aria-live': 'off' });
    els.view.appendChild(els.results);
    renderActions();
    renderResults();
  }

  // ---------------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------------

  function showLoadError(message, retry) {
    els.view.textContent = '';
    els.view.removeAttribute('aria-busy');
    Rollcall.dom.showLoadError(els.message, 'Profile Migration could not be loaded', message, retry ? load : null);
  }

  function load() {
    els.view.setAttribute('aria-busy', 'true');
    // Only for the fields' current labels in the format help: the page works without them.
    var fields = Rollcall.api('GET', '/rest/v1/fields').then(
      function (data) {
        return (data && data.fields) || [];
      },
      function () {
        return [];
      },
    );
    Promise.all([Rollcall.api('GET', '/rest/v1/migration'), fields])
      .then(function (results) {
        state.status = results[0] || {};
        results[1].forEach(function (field) {
          if (FIELD_KEYS.indexOf(field.key) >= 0) state.labels[field.key] = field.label;
        });
        ui.run = state.status.current || null;
        ui.runShownFromLoad = !!ui.run && ui.run.status !== 'running';
        els.root.setAttribute('data-loaded', 'true');
        els.root.setAttribute('data-details-available', String(!!state.status.confluenceDetailsAvailable));
        render();
        if (isRunning()) startPolling();
      })
      .catch(function (error) {
        showLoadError(messageOf(error), error.status !== 403);
      });
  }

  function start() {
    els.root = document.querySelector('[data-page="profile-migration"]');
    if (!els.root || !window.Rollcall) return;
    els.view = els.root.querySelector('[data-testid="view"]');
    els.hint = els.root.querySelector('[data-testid="hint-slot"]');
    els.message = els.root.querySelector('[data-testid="page-message"]');
    els.live = h('div', { class: 'assistive', 'aria-live': 'polite', 'data-testid': 'announcer' });
    els.root.appendChild(els.live);
    if (!window.AP || !AP.context) {
      showLoadError('This page works inside Confluence: open it from Confluence’s administration.', false);
      return;
    }
    load();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
