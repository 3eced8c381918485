/*
 * Data Sources (admin page): LDAP directories that fill profiles, their settings, field mappings,
 * "Save and test connection", "Run now" with live progress, and the sync report. Everything goes
 * through REST v1 with Rollcall.api().
 *
 * Two views: the list of sources (or the empty state), and one source's page with three tabs
 * (Settings, Field mappings, Sync report). The server's data lives in `state`; what the admin is
 * doing lives in `ui` (the open source page, confirmations, errors). A run that is going is polled
 * every second and shown wherever its source appears.
 * Data only ever reaches the DOM as text (textContent, attributes): never as HTML.
 */
(function () {
  'use strict';

  var DEFAULT_SCHEDULE = '0 */3 * * *';
  var POLL_MS = 1000;
  var COUNT_KEYS = ['seen', 'added', 'updated', 'unchanged', 'unmatched', 'failed', 'removed'];
  var COUNT_LABELS = {
    seen: 'Seen',
    added: 'Added',
    updated: 'Updated',
    unchanged: 'Unchanged',
    unmatched: 'Unmatched',
    failed: 'Failed',
    removed: 'Removed',
  };
  var COUNT_HELP = {
    seen: 'Entries read from the directory',
    added: 'Entries that now fill a profile they did not fill before',
    updated: 'Entries whose values changed since the last run',
    unchanged: 'Entries with nothing new',
    unmatched: 'Entries with no Confluence account (they can match later)',
    failed: 'Entries that could not be synchronised (see the errors)',
    removed: 'Entries marked as gone by a complete full run',
  };
  var STEPS = ['connect', 'rootDse', 'idAttribute', 'count', 'samples'];
  var STEP_LABELS = {
    connect: 'Connect and bind',
    rootDse: 'Read the root DSE',
    idAttribute: 'Find the stable id attribute',
    count: 'Count the users',
    samples: 'Map sample users',
  };
  var ERROR_STEP_LABELS = {
    connect: 'connect',
    starttls: 'StartTLS',
    bind: 'bind',
    rootDse: 'root DSE',
    search: 'search',
    count: 'count',
    idAttribute: 'id attribute',
    samples: 'samples',
  };
  var PHASES = {
    starting: 'Starting…',
    accounts: 'Reading Confluence accounts…',
    reading: 'Reading the directory…',
    done: 'Finishing…',
    failed: 'Failed',
  };
  var TYPE_LABELS = {
    text: 'Text',
    multiline: 'Multiline text',
    email: 'Email',
    phone: 'Phone',
    url: 'URL',
    number: 'Number',
    date: 'Date',
    select: 'Single select',
    multiselect: 'Multi select',
    user: 'User',
    multiuser: 'Multiple users',
  };
  var SCHEDULE_PRESETS = [
    { cron: '0 * * * *', label: 'Every hour' },
    { cron: DEFAULT_SCHEDULE, label: 'Every 3 hours' },
    { cron: '0 2 * * *', label: 'Every night at 02:00' },
    { cron: '0 6 * * 1-5', label: 'Weekdays at 06:00' },
  ];
  var PICTURE_CHOICES = [
    { value: '', label: 'None: pictures are not taken from the directory' },
    { value: 'jpegPhoto', label: 'jpegPhoto (OpenLDAP, inetOrgPerson)' },
    { value: 'thumbnailPhoto', label: 'thumbnailPhoto (Active Directory)' },
    { value: 'other', label: 'Another attribute…' },
  ];
  /** What to check whatever failed: shown under the failing step's own causes. */
  var CHECKLIST = [
    ['Network', 'Rollcall must reach the directory’s host and port through firewalls and VPNs; ldap:// usually listens on 389, ldaps:// on 636.'],
    ['Credentials', 'The bind DN is the full DN of a service account (e.g. cn=rollcall,ou=system,dc=example,dc=com) and the password is its current one.'],
    ['Base DN and additional user DN', 'The base DN is the directory’s root (e.g. dc=example,dc=com); the additional user DN lies below it and does not repeat it (e.g. ou=people). Rollcall searches “additional user DN, base DN”.'],
    ['Attributes', 'Every attribute in the user filter, the id attribute and the field mappings must exist in the directory’s schema.'],
  ];
  var ATTRIBUTE_SUGGESTIONS = [
    'title',
    'departmentNumber',
    'department',
    'ou',
    'telephoneNumber',
    'mobile',
    'ipPhone',
    'l',
    'physicalDeliveryOfficeName',
    'street',
    'postalCode',
    'st',
    'co',
    'company',
    'manager',
    'secretary',
    'mail',
    'labeledURI',
    'wWWHomePage',
    'employeeNumber',
    'employeeType',
    'businessCategory',
    'description',
    'displayName',
    'givenName',
    'sn',
  ];

  var state = { loaded: false, sources: [], fields: [], categories: [] };
  var ui = {
    /** null: the list; else the open source page (see openSource). */
    page: null,
    confirmDelete: null, // source id
    rowErrors: {}, // source id -> message (Run now, Delete)
    pending: {}, // source id -> true while Run now / Delete runs
    highlight: null, // source id to flash once in the list
    focus: null, // selector to focus after the next render
  };
  /** Runs being polled: run id -> {sourceId, timer, failures}. */
  var polls = {};
  /** The latest state of each source's running run: source id -> run. */
  var live = {};
  var els = {};
  var uid = 0;

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (text only)
  // ---------------------------------------------------------------------------------------------

  /**
   * h('button', {class: 'aui-button', type: 'button', on: {click: fn}}, ['Save'])
   * Strings among children become text nodes; null/false children are skipped.
   */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'on') {
        Object.keys(value).forEach(function (event) {
          el.addEventListener(event, value[event]);
        });
      } else if (name === 'text') {
        el.textContent = value;
      } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected' || name === 'hidden') {
        el[name] = value;
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  }

  /** An AUI icon; with a label it is the accessible name, without it the icon is decorative. */
  function icon(name, label) {
    var attrs = { class: 'aui-icon aui-icon-small aui-iconfont-' + name };
    if (label) attrs.text = label;
    else attrs['aria-hidden'] = 'true';
    return h('span', attrs);
  }

  function lozenge(text, modifier, attrs) {
    var all = { class: 'aui-lozenge aui-lozenge-subtle' + (modifier ? ' aui-lozenge-' + modifier : '') };
    Object.keys(attrs || {}).forEach(function (k) {
      all[k] = attrs[k];
    });
    return h('span', all, [text]);
  }

  function button(text, attrs, onClick, iconName) {
    var all = { class: 'aui-button', type: 'button', on: { click: onClick } };
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') all.class = 'aui-button ' + attrs[k];
      else all[k] = attrs[k];
    });
    return h('button', all, [iconName ? icon(iconName) : null, iconName ? ' ' + text : text]);
  }

  function nextId(prefix) {
    uid += 1;
    return 'ds-' + prefix + '-' + uid;
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
  }

  function setBusy(el, busy, busyText) {
    if (!el) return;
    el.disabled = busy;
    if (busy) {
      el.setAttribute('aria-busy', 'true');
      if (busyText) {
        el.dataset.idleText = el.textContent;
        el.textContent = busyText;
      }
      el.appendChild(h('span', { class: 'ds-spinner ds-button-spinner', 'aria-hidden': 'true' }));
    } else {
      el.removeAttribute('aria-busy');
      if (el.dataset.idleText !== undefined) {
        el.textContent = el.dataset.idleText;
        delete el.dataset.idleText;
      }
      var spinner = el.querySelector('.ds-button-spinner');
      if (spinner) spinner.remove();
    }
  }

  function announce(text) {
    if (!els.live) return;
    els.live.textContent = '';
    window.setTimeout(function () {
      els.live.textContent = text;
    }, 50);
  }

  /**
   * AUI draws checkboxes and radios with a glyph its script inserts after each input; when that
   * script cannot run (it needs a global jQuery), the page inserts the glyph itself.
   */
  function formGlyph() {
    return typeof window.jQuery === 'function' ? null : h('span', { class: 'aui-form-glyph' });
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  // ---------------------------------------------------------------------------------------------
  // Times and durations
  // ---------------------------------------------------------------------------------------------

  function toDate(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? null : d;
  }

  /** In the viewer's zone and language, e.g. "14 May 2025, 15:02". */
  function localTime(iso) {
    var d = toDate(iso);
    return d ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  }

  /** Schedules run in UTC: e.g. "Wed, 14 May, 15:00 UTC". */
  function utcTime(iso) {
    var d = toDate(iso);
    if (!d) return '';
    return d.toLocaleString(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) + ' UTC';
  }

  /** "3 minutes ago", "in 2 hours", "just now". */
  function relative(iso) {
    var d = toDate(iso);
    if (!d) return '';
    var seconds = Math.round((d.getTime() - Date.now()) / 1000);
    if (Math.abs(seconds) < 45) return seconds <= 0 ? 'just now' : 'in a moment';
    var format = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
    var units = [
      ['day', 86400],
      ['hour', 3600],
      ['minute', 60],
    ];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1] || units[i][0] === 'minute') {
        var value = Math.round(seconds / units[i][1]);
        if (format) return format.format(value, units[i][0]);
        return value < 0 ? plural(-value, units[i][0], units[i][0] + 's') + ' ago' : 'in ' + plural(value, units[i][0], units[i][0] + 's');
      }
    }
    return '';
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '';
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    var total = Math.round(ms / 1000);
    var h_ = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    return (h_ ? h_ + ' h ' : '') + m + ' min' + (h_ ? '' : ' ' + s + ' s');
  }

  /** A DN as code text that may wrap after each comma (never inside an RDN). */
  function dnCode(dn, attrs) {
    var code = h('code', attrs || {});
    var parts = String(dn).split(',');
    parts.forEach(function (part, i) {
      if (i) code.appendChild(document.createElement('wbr'));
      code.appendChild(document.createTextNode(i < parts.length - 1 ? part + ',' : part));
    });
    return code;
  }

  function timeElement(iso, testId) {
    var d = toDate(iso);
    return h('time', { datetime: d ? d.toISOString() : null, title: localTime(iso), 'data-testid': testId, text: relative(iso) });
  }

  // ---------------------------------------------------------------------------------------------
  // Errors
  // ---------------------------------------------------------------------------------------------

  function messageOf(error) {
    if (error && error.body && error.body.message) return error.body.message;
    if (error && error.status === undefined) return 'Rollcall could not be reached. Check your connection and try again.';
    return (error && error.message) || 'Something went wrong.';
  }

  function codeOf(error) {
    return error && error.body && error.body.error;
  }

  /** details as [{path: 'settings.userFilter', message}], whether the server sends 'a.b' or ['a', 'b']. */
  function detailsOf(error) {
    var details = error && error.body && error.body.details;
    if (!Array.isArray(details)) return [];
    return details
      .filter(function (d) {
        return d && typeof d.message === 'string';
      })
      .map(function (d) {
        return { path: Array.isArray(d.path) ? d.path.join('.') : typeof d.path === 'string' ? d.path : '', message: d.message };
      });
  }

  function visible(el) {
    return !!el && !el.closest('[hidden]');
  }

  function clearFormErrors(form) {
    form.querySelectorAll('.error').forEach(function (el) {
      el.textContent = '';
    });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid');
    });
  }

  function addError(target, message) {
    if (!target) return;
    target.textContent = target.textContent ? target.textContent + ' ' + message : message;
    var group = target.closest('.field-group, .ds-mapping-row, fieldset');
    var input = group && group.querySelector('input:not([type=checkbox]):not([type=radio]):not([hidden]), select, textarea');
    if (input && visible(input)) input.setAttribute('aria-invalid', 'true');
  }

  /** The error placeholder for a path: the longest prefix that has one (settings.accountMatch.attribute, then settings.accountMatch…). */
  function errorTarget(form, path) {
    var parts = path ? path.split('.') : [];
    for (var n = parts.length; n > 0; n--) {
      var el = form.querySelector('[data-error-for="' + cssEscape(parts.slice(0, n).join('.')) + '"]');
      if (visible(el)) return el;
    }
    return null;
  }

  /** Shows a refused request in a form: each detail next to the input its path names, the rest at the top. */
  function showFormErrors(form, error, conflictTargets) {
    clearFormErrors(form);
    var formLevel = form.querySelector('[data-error-for="_form"]');
    var details = detailsOf(error);
    if (details.length) {
      details.forEach(function (d) {
        addError(errorTarget(form, d.path) || formLevel, d.message);
      });
    } else {
      var name = conflictTargets && conflictTargets[codeOf(error)];
      addError((name && errorTarget(form, name)) || formLevel, messageOf(error));
    }
    var invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    Rollcall.resize();
  }

  // ---------------------------------------------------------------------------------------------
  // State helpers
  // ---------------------------------------------------------------------------------------------

  function sourceById(id) {
    for (var i = 0; i < state.sources.length; i++) {
      if (state.sources[i].id === id) return state.sources[i];
    }
    return null;
  }

  function fieldByKey(key) {
    for (var i = 0; i < state.fields.length; i++) {
      if (state.fields[i].key === key) return state.fields[i];
    }
    return null;
  }

  function upsertSource(source) {
    var found = false;
    state.sources = state.sources.map(function (s) {
      if (s.id !== source.id) return s;
      found = true;
      return source;
    });
    if (!found) state.sources.push(source);
    state.sources.sort(function (a, b) {
      return a.priority - b.priority || Number(a.id) - Number(b.id);
    });
  }

  /** The run to show as a source's last run: the live one while it goes. */
  function lastRunOf(source) {
    return live[source.id] || source.lastRun || null;
  }

  function isRunning(source) {
    var run = lastRunOf(source);
    return !!run && run.status === 'running';
  }

  function countsOf(run) {
    var counts = (run && run.counts) || {};
    var out = {};
    COUNT_KEYS.forEach(function (k) {
      out[k] = typeof counts[k] === 'number' ? counts[k] : 0;
    });
    return out;
  }

  /** "4 seen · 3 added · 1 unmatched": seen always, the others when not zero. */
  function countsSummary(run) {
    var counts = countsOf(run);
    return COUNT_KEYS.filter(function (k) {
      return k === 'seen' || counts[k] > 0;
    })
      .map(function (k) {
        return counts[k] + ' ' + COUNT_LABELS[k].toLowerCase();
      })
      .join(' · ');
  }

  // ---------------------------------------------------------------------------------------------
  // Shared pieces: status lozenges, progress, schedule, last run
  // ---------------------------------------------------------------------------------------------

  function statusLozenge(status, testId) {
    var kinds = { running: ['Running', 'inprogress'], succeeded: ['Succeeded', 'success'], failed: ['Failed', 'error'] };
    var kind = kinds[status] || [status, null];
    return lozenge(kind[0], kind[1], { 'data-testid': testId || 'run-status', 'data-status': status });
  }

  /**
   * The run's total, when it is a real estimate. The server estimates from the entries known before
   * the run; on a first run it knows none and reports total = done, which says nothing: the bar
   * then stays indeterminate. A total seen ahead of done once is trusted for the rest of the run.
   */
  var estimated = {};
  function totalOf(run) {
    var progress = run.progress || {};
    var total = typeof progress.total === 'number' ? progress.total : 0;
    if (total > (progress.done || 0)) estimated[run.id] = true;
    return estimated[run.id] && total > 0 ? total : 0;
  }

  function progressText(run) {
    var progress = run.progress || {};
    var parts = [];
    var done = typeof progress.done === 'number' ? progress.done : 0;
    var total = totalOf(run);
    if (total) parts.push(done + ' of ' + total + ' entries');
    else if (done) parts.push(plural(done, 'entry', 'entries') + ' so far');
    if (progress.ratePerSecond) parts.push(progress.ratePerSecond + ' per second');
    parts.unshift(PHASES[progress.phase] || (progress.phase ? progress.phase : 'Starting…'));
    return parts.join(' · ');
  }

  /**
   * An AUI progress bar for a running run, updated in place so the bar slides: with a total it
   * shows done/total, without one (accounts phase, first run) it is indeterminate.
   */
  function updateProgress(container, run, label) {
    var bar = container.querySelector('.aui-progress-indicator');
    if (!bar) {
      bar = h('div', { class: 'aui-progress-indicator', role: 'progressbar', 'aria-valuemin': '0', 'data-testid': 'progress-bar' }, [h('span', { class: 'aui-progress-indicator-value' })]);
      container.appendChild(bar);
      container.appendChild(h('div', { class: 'ds-progress-text', 'data-testid': 'progress-text', 'aria-live': 'off' }));
    }
    var progress = run.progress || {};
    var total = totalOf(run);
    var value = bar.querySelector('.aui-progress-indicator-value');
    bar.setAttribute('aria-label', label || 'Sync progress');
    if (total) {
      var fraction = Math.min(1, (progress.done || 0) / total);
      bar.setAttribute('data-value', String(fraction));
      bar.setAttribute('aria-valuemax', String(total));
      bar.setAttribute('aria-valuenow', String(progress.done || 0));
      value.style.width = Math.round(fraction * 100) + '%';
    } else {
      bar.removeAttribute('data-value');
      bar.removeAttribute('aria-valuenow');
      bar.removeAttribute('aria-valuemax');
      value.style.width = '';
    }
    bar.setAttribute('aria-valuetext', progressText(run));
    container.querySelector('.ds-progress-text').textContent = progressText(run);
  }

  function progressBox(run, label) {
    var box = h('div', { class: 'ds-progress', 'data-testid': 'run-progress', 'data-run-id': run.id });
    updateProgress(box, run, label);
    return box;
  }

  /** The source's schedule in plain words, with its next run in UTC. */
  function scheduleLine(source) {
    if (!source.schedule) {
      return h('span', { class: 'ds-muted', 'data-testid': 'schedule-description', text: 'Not scheduled: runs only when you click Run now.' });
    }
    var parts = [h('span', { class: 'ds-schedule-words', 'data-testid': 'schedule-description', title: 'Cron (UTC): ' + source.schedule, text: source.scheduleDescription || source.schedule })];
    if (!source.enabled) {
      parts.push(h('span', { class: 'ds-muted', 'data-testid': 'schedule-next-run', text: 'Paused while the source is disabled.' }));
    } else if (source.nextRunAt) {
      parts.push(
        h('span', { class: 'ds-muted', 'data-testid': 'schedule-next-run', title: localTime(source.nextRunAt) + ' in your time zone' }, [
          'Next run ' + utcTime(source.nextRunAt) + ' (' + relative(source.nextRunAt) + ')',
        ]),
      );
    }
    return h('span', { class: 'ds-schedule' }, parts);
  }

  /** Last run: status, when, counts; a progress bar while it runs. */
  function lastRunLine(source, onOpenReport) {
    var run = lastRunOf(source);
    var box = h('div', { class: 'ds-last-run', 'data-testid': 'last-run', 'data-source-id': source.id });
    fillLastRun(box, source, run, onOpenReport);
    return box;
  }

  function fillLastRun(box, source, run, onOpenReport) {
    if (run && run.status === 'running') {
      if (!box.querySelector('.ds-progress')) {
        box.textContent = '';
        box.appendChild(h('div', { class: 'ds-last-run-head' }, [statusLozenge('running'), ' ', h('span', { class: 'ds-muted', text: 'started ' + relative(run.startedAt) })]));
        box.appendChild(progressBox(run, 'Sync progress of ' + source.name));
      } else {
        updateProgress(box.querySelector('.ds-progress'), run, 'Sync progress of ' + source.name);
      }
      return;
    }
    box.textContent = '';
    if (!run) {
      box.appendChild(h('span', { class: 'ds-muted', 'data-testid': 'never-run', text: 'Never run' }));
      return;
    }
    box.appendChild(
      h('div', { class: 'ds-last-run-head' }, [
        statusLozenge(run.status),
        ' ',
        timeElement(run.finishedAt || run.startedAt, 'last-run-time'),
        run.durationMs !== null && run.durationMs !== undefined ? h('span', { class: 'ds-muted', text: ' · ' + duration(run.durationMs) }) : null,
      ]),
    );
    box.appendChild(h('div', { class: 'ds-counts-summary', 'data-testid': 'last-run-counts', text: countsSummary(run) }));
    if (run.status === 'failed' && run.message) {
      box.appendChild(h('div', { class: 'ds-last-run-message', 'data-testid': 'last-run-message', title: run.message, text: run.message }));
    }
    if (onOpenReport) {
      box.appendChild(
        h('button', { class: 'aui-button aui-button-link ds-link-button', type: 'button', 'data-testid': 'open-report', on: { click: onOpenReport } }, ['Sync report']),
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering: the list
  // ---------------------------------------------------------------------------------------------

  function render() {
    var active = document.activeElement;
    var same = sameControlSelector(active);
    if (ui.page) renderSourcePage();
    else renderList();
    var target = null;
    if (ui.focus) {
      target = els.view.querySelector(ui.focus);
      ui.focus = null;
    } else if (active && active !== document.body && document.activeElement !== active) {
      // Kept nodes (the open forms) are re-attached, which takes the focus away: give it back.
      target = active.isConnected ? active : same && els.view.querySelector(same);
    }
    if (target && document.activeElement !== target) target.focus();
    ui.highlight = null;
    Rollcall.resize();
  }

  /** A selector for the control that replaces `el` after a render (same source row or run, same data-testid). */
  function sameControlSelector(el) {
    if (!el || !el.getAttribute || !el.getAttribute('data-testid')) return null;
    var control = '[data-testid="' + el.getAttribute('data-testid') + '"]';
    var owner = el.closest('[data-source-id], [data-run-id]');
    if (owner && owner.hasAttribute('data-run-id')) return '[data-run-id="' + cssEscape(owner.getAttribute('data-run-id')) + '"] ' + control;
    if (owner) return '[data-source-id="' + cssEscape(owner.getAttribute('data-source-id')) + '"] ' + control;
    return control;
  }

  function renderList() {
    var view = els.view;
    view.textContent = '';
    view.removeAttribute('aria-busy');
    view.setAttribute('data-view', 'list');
    if (!state.sources.length) {
      view.appendChild(emptyState());
      return;
    }
    view.appendChild(
      h('div', { class: 'ds-toolbar' }, [
        h('div', {}, [
          h('h2', { class: 'ds-heading', text: 'Directories' }),
          h('p', { class: 'ds-hint', text: 'Sources fill profiles in priority order: where two fill the same field, the higher priority (1) wins.' }),
        ]),
        button('Add LDAP directory', { class: 'aui-button-primary', 'data-testid': 'add-source' }, function () {
          openSource(null);
        }, 'add'),
      ]),
    );
    var body = h('tbody');
    state.sources.forEach(function (source) {
      body.appendChild(sourceRow(source));
      if (ui.confirmDelete === source.id) body.appendChild(confirmRow(source));
    });
    view.appendChild(
      h('div', { class: 'ds-table-wrap' }, [
        h('table', { class: 'aui ds-sources', 'data-testid': 'sources-table' }, [
          h('thead', {}, [
            h('tr', {}, [
              h('th', { scope: 'col', text: 'Name' }),
              h('th', { scope: 'col', text: 'Kind' }),
              h('th', { scope: 'col', text: 'Enabled' }),
              h('th', { scope: 'col', class: 'ds-num', text: 'Priority' }),
              h('th', { scope: 'col', text: 'Bulk profile update (LDAP sync)' }),
              h('th', { scope: 'col', text: 'Last run' }),
              h('th', { scope: 'col', class: 'ds-actions-col' }, [h('span', { class: 'assistive', text: 'Actions' })]),
            ]),
          ]),
          body,
        ]),
      ]),
    );
  }

  function emptyState() {
    return h('div', { class: 'ds-empty', 'data-testid': 'empty-state' }, [
      h('div', { class: 'ds-empty-icon', 'aria-hidden': 'true' }, [icon('people-group')]),
      h('h2', { class: 'ds-empty-title', text: 'Fill profiles from your company directory' }),
      h('p', {
        text:
          'Connect an LDAP directory (OpenLDAP, Active Directory, …) and Rollcall reads people’s job titles, departments, phone numbers, managers and pictures from it, ' +
          'matches each entry to a Confluence account by email, and keeps profiles up to date on a schedule.',
      }),
      h('p', { class: 'ds-muted', text: 'No data sources yet. You need the directory’s URL, a base DN and, usually, a service account to bind with.' }),
      h('p', {}, [
        button('Add LDAP directory', { class: 'aui-button-primary', 'data-testid': 'add-source' }, function () {
          openSource(null);
        }, 'add'),
      ]),
    ]);
  }

  function sourceRow(source) {
    var id = source.id;
    var running = isRunning(source);
    var settings = source.settings || {};
    var runError = h('div', { class: 'error ds-row-error', role: 'alert', 'data-testid': 'run-error', text: ui.rowErrors[id] || '' });
    var runButton = button(running ? 'Running…' : 'Run now', { class: 'aui-button-compact', 'data-testid': 'run-now', disabled: running || ui.pending[id], title: 'Run a full sync of this directory now' }, function () {
      runNow(source, runButton);
    }, 'refresh');
    return h(
      'tr',
      {
        class: 'ds-source-row' + (ui.highlight === id ? ' ds-flash' : '') + (source.enabled ? '' : ' ds-disabled'),
        'data-source-id': id,
        'data-testid': 'source-row',
      },
      [
        h('td', { class: 'ds-name-cell' }, [
          h('button', {
            class: 'aui-button aui-button-link ds-source-name',
            type: 'button',
            'data-testid': 'source-name',
            text: source.name,
            on: {
              click: function () {
                openSource(id, 'settings');
              },
            },
          }),
          h('div', { class: 'ds-muted ds-url', 'data-testid': 'source-url', text: settings.url || '' }),
        ]),
        h('td', {}, [lozenge(source.kind === 'ldap' ? 'LDAP' : String(source.kind).toUpperCase(), 'complete', { 'data-testid': 'source-kind' })]),
        h('td', {}, [source.enabled ? lozenge('Enabled', 'success', { 'data-testid': 'source-enabled' }) : lozenge('Disabled', null, { 'data-testid': 'source-enabled' })]),
        h('td', { class: 'ds-num', 'data-testid': 'source-priority', text: String(source.priority) }),
        h('td', { class: 'ds-schedule-cell', 'data-testid': 'source-schedule' }, [scheduleLine(source)]),
        h('td', { class: 'ds-last-run-cell' }, [
          lastRunLine(source, function () {
            openSource(id, 'report');
          }),
        ]),
        h('td', { class: 'ds-actions-cell' }, [
          h('div', { class: 'ds-actions' }, [
            button('Edit', { class: 'aui-button-compact', 'data-testid': 'edit-source', 'aria-label': 'Edit ' + source.name }, function () {
              openSource(id, 'settings');
            }, 'edit'),
            runButton,
            h(
              'button',
              {
                class: 'aui-button aui-button-subtle aui-button-compact ds-icon-button',
                type: 'button',
                title: 'Delete ' + source.name,
                'aria-label': 'Delete ' + source.name,
                'data-testid': 'delete-source',
                disabled: ui.confirmDelete === id || ui.pending[id],
                on: {
                  click: function () {
                    ui.confirmDelete = id;
                    delete ui.rowErrors[id];
                    ui.focus = '[data-source-id="' + cssEscape(id) + '"] [data-testid="confirm-delete-yes"]';
                    render();
                  },
                },
              },
              [icon('trash')],
            ),
          ]),
          runError,
        ]),
      ],
    );
  }

  function confirmRow(source) {
    var yes = h('button', {
      class: 'aui-button aui-button-primary ds-danger',
      type: 'button',
      'data-testid': 'confirm-delete-yes',
      text: 'Delete',
      on: {
        click: function () {
          deleteSource(source, yes);
        },
      },
    });
    var question = 'Delete the data source “' + source.name + '”?';
    return h('tr', { class: 'ds-confirm-row', 'data-source-id': source.id }, [
      h('td', { colspan: '7' }, [
        h('div', { class: 'ds-confirm', role: 'alertdialog', 'aria-label': question, 'data-testid': 'confirm-delete' }, [
          h('span', { class: 'ds-confirm-text' }, [
            h('strong', { text: question }),
            ' ',
            h('span', { class: 'ds-muted', text: 'Its settings, field mappings, directory entries and sync report are deleted. The profile values it filled stay.' }),
          ]),
          yes,
          h('button', {
            class: 'aui-button aui-button-link',
            type: 'button',
            'data-testid': 'confirm-delete-no',
            text: 'Cancel',
            on: {
              click: function () {
                ui.confirmDelete = null;
                ui.focus = '[data-source-id="' + cssEscape(source.id) + '"] [data-testid="delete-source"]';
                render();
              },
            },
          }),
        ]),
      ]),
    ]);
  }

  function deleteSource(source, yes) {
    setBusy(yes, true);
    ui.pending[source.id] = true;
    Rollcall.api('DELETE', '/rest/v1/sources/' + encodeURIComponent(source.id))
      .then(function () {
        state.sources = state.sources.filter(function (s) {
          return s.id !== source.id;
        });
        ui.confirmDelete = null;
        delete ui.pending[source.id];
        announce('Data source ' + source.name + ' deleted.');
        ui.focus = '[data-testid="add-source"]';
        render();
      })
      .catch(function (error) {
        delete ui.pending[source.id];
        ui.confirmDelete = null;
        ui.rowErrors[source.id] = messageOf(error);
        render();
      });
  }

  // ---------------------------------------------------------------------------------------------
  // Run now and live progress
  // ---------------------------------------------------------------------------------------------

  function runNow(source, runButton) {
    var id = source.id;
    delete ui.rowErrors[id];
    if (ui.page && ui.page.id === id) ui.page.runError = '';
    ui.pending[id] = true;
    setBusy(runButton, true);
    Rollcall.api('POST', '/rest/v1/sources/' + encodeURIComponent(id) + '/sync', { mode: 'full' })
      .then(function (started) {
        delete ui.pending[id];
        var run = {
          id: String(started.runId),
          sourceId: id,
          mode: 'full',
          trigger: 'manual',
          status: 'running',
          startedAt: new Date().toISOString(),
          finishedAt: null,
          durationMs: null,
          progress: { phase: 'starting', done: 0 },
          counts: {},
          message: null,
        };
        live[id] = run;
        var page = ui.page;
        if (page && page.id === id) {
          page.tab = 'report';
          page.runs = [run].concat(page.runs || []);
          page.openRunId = null;
        }
        announce('Sync of ' + source.name + ' started.');
        render();
        watchRun(run.id, id);
      })
      .catch(function (error) {
        delete ui.pending[id];
        var message = messageOf(error);
        if (ui.page && ui.page.id === id) ui.page.runError = message;
        else ui.rowErrors[id] = message;
        render();
        // Another run holds the source (a schedule, another admin, another instance): follow it.
        if (codeOf(error) === 'sync_running') refreshSource(id);
      });
  }

  /** Polls a running run every second until it ends, then refreshes its source and report. */
  function watchRun(runId, sourceId) {
    if (polls[runId]) return;
    polls[runId] = { sourceId: sourceId, timer: null, failures: 0 };
    function tick() {
      var poll = polls[runId];
      if (!poll) return;
      Rollcall.api('GET', '/rest/v1/sync-runs/' + encodeURIComponent(runId))
        .then(function (run) {
          poll.failures = 0;
          if (run.status === 'running') {
            live[sourceId] = run;
            showLiveRun(sourceId, run);
            poll.timer = window.setTimeout(tick, POLL_MS);
            return;
          }
          delete polls[runId];
          delete live[sourceId];
          delete ui.rowErrors[sourceId];
          if (ui.page && ui.page.id === sourceId) ui.page.runError = '';
          var source = sourceById(sourceId);
          if (source) source.lastRun = stripErrors(run);
          var page = ui.page;
          if (page && page.id === sourceId && page.details && page.details[runId]) {
            page.details[runId] = { run: run, errors: run.errors || [], errorCount: run.errorCount || 0 };
          }
          announce('Sync of ' + (source ? source.name : 'the source') + (run.status === 'succeeded' ? ' succeeded: ' + countsSummary(run) + '.' : ' failed.'));
          refreshSource(sourceId);
        })
        .catch(function () {
          poll.failures += 1;
          // Keep trying (a token refresh or a blip); back off a little.
          poll.timer = window.setTimeout(tick, Math.min(10000, POLL_MS * (1 + poll.failures)));
        });
    }
    tick();
  }

  function stripErrors(run) {
    var copy = {};
    Object.keys(run).forEach(function (k) {
      if (k !== 'errors' && k !== 'errorCount') copy[k] = run[k];
    });
    return copy;
  }

  /** Updates, in place, every view of a source's running run: its list row, its page header and report. */
  function showLiveRun(sourceId, run) {
    var source = sourceById(sourceId);
    if (!source) return;
    els.view.querySelectorAll('[data-testid="last-run"][data-source-id="' + cssEscape(sourceId) + '"]').forEach(function (box) {
      fillLastRun(box, source, run, null);
    });
    var page = ui.page;
    if (page && page.id === sourceId) {
      page.runs = (page.runs || []).map(function (r) {
        return r.id === run.id ? stripErrors(run) : r;
      });
      if (page.runs.every(function (r) { return r.id !== run.id; })) page.runs.unshift(stripErrors(run));
      var panel = els.view.querySelector('[data-testid="live-run"]');
      if (panel) {
        updateProgress(panel.querySelector('.ds-progress'), run, 'Sync progress of ' + source.name);
        var liveCounts = panel.querySelector('[data-testid="live-counts"]');
        if (liveCounts) liveCounts.textContent = countsSummary(run);
      }
      var row = els.view.querySelector('[data-testid="run-row"][data-run-id="' + cssEscape(run.id) + '"]');
      if (row) row.replaceWith(runRow(run));
      else if (page.tab === 'report') renderReport();
    }
    Rollcall.resize();
  }

  /** Reloads one source (and, on its page, its runs) after a run ended or was found running. */
  function refreshSource(sourceId) {
    var page = ui.page;
    var wantsRuns = page && page.id === sourceId;
    return Promise.all([
      Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(sourceId)),
      wantsRuns ? Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(sourceId) + '/runs') : null,
    ])
      .then(function (results) {
        var source = results[0];
        upsertSource(source);
        if (wantsRuns && ui.page && ui.page.id === sourceId) {
          ui.page.source = source;
          ui.page.runs = results[1].runs || [];
          ui.page.runsLoaded = true;
        }
        if (source.lastRun && source.lastRun.status === 'running') watchRun(source.lastRun.id, sourceId);
        render();
      })
      .catch(function (error) {
        showPageMessage('error', 'The data source could not be refreshed', messageOf(error));
      });
  }

  // ---------------------------------------------------------------------------------------------
  // The source page
  // ---------------------------------------------------------------------------------------------

  /** Opens a source's page (id null: a new LDAP source) on a tab. */
  function openSource(id, tab) {
    var source = id ? sourceById(id) : null;
    ui.page = {
      id: id,
      source: source,
      tab: tab || 'settings',
      form: null,
      mappings: null,
      runs: null,
      runsLoaded: false,
      runsError: '',
      openRunId: null,
      details: {},
      test: null, // {tab, pending, result, error}
      runError: '',
      saved: '',
    };
    ui.confirmDelete = null;
    ui.focus = id ? '[data-testid="source-tab-' + (tab || 'settings') + '"]' : 'input[name="name"]';
    render();
    if (ui.page.tab === 'report') loadRuns();
  }

  function closeSource() {
    var id = ui.page && ui.page.id;
    ui.page = null;
    ui.highlight = id;
    ui.focus = id ? '[data-source-id="' + cssEscape(id) + '"] [data-testid="source-name"]' : '[data-testid="add-source"]';
    render();
  }

  function renderSourcePage() {
    var page = ui.page;
    var view = els.view;
    view.textContent = '';
    view.removeAttribute('aria-busy');
    view.setAttribute('data-view', 'source');
    var source = page.source;
    if (!page.form) page.form = settingsForm(source);

    view.appendChild(
      h('nav', { class: 'ds-breadcrumbs', 'aria-label': 'Breadcrumbs' }, [
        h('button', { class: 'aui-button aui-button-link ds-link-button', type: 'button', 'data-testid': 'back-to-list', on: { click: closeSource } }, [icon('chevron-left'), ' All data sources']),
      ]),
    );
    view.appendChild(sourceHeader(page));

    var tabs = [
      { key: 'settings', label: 'Settings' },
      { key: 'mappings', label: 'Field mappings' },
      { key: 'report', label: 'Sync report' },
    ];
    var menu = h('ul', { class: 'tabs-menu', role: 'tablist', 'aria-label': 'Data source' });
    var panes = [];
    tabs.forEach(function (tab) {
      var selected = page.tab === tab.key;
      var disabled = !page.id && tab.key !== 'settings';
      var link = h('a', {
        href: '#' + tab.key,
        role: 'tab',
        id: 'ds-tab-' + tab.key,
        'aria-controls': 'ds-pane-' + tab.key,
        'aria-selected': selected ? 'true' : 'false',
        'aria-disabled': disabled ? 'true' : null,
        tabindex: selected ? '0' : '-1',
        title: disabled ? 'Save the source first' : null,
        'data-testid': 'source-tab-' + tab.key,
        text: tab.label,
        on: {
          click: function (event) {
            event.preventDefault();
            if (!disabled) selectTab(tab.key);
          },
          keydown: function (event) {
            if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
            event.preventDefault();
            var enabled = tabs.filter(function (t) {
              return page.id || t.key === 'settings';
            });
            var at = enabled.indexOf(tab);
            var next = enabled[(at + (event.key === 'ArrowRight' ? 1 : enabled.length - 1)) % enabled.length];
            ui.focus = '[data-testid="source-tab-' + next.key + '"]';
            selectTab(next.key);
          },
        },
      });
      menu.appendChild(h('li', { class: 'menu-item' + (selected ? ' active-tab' : '') + (disabled ? ' ds-tab-disabled' : '') }, [link]));
      var pane = h('div', { class: 'tabs-pane' + (selected ? ' active-pane' : ''), id: 'ds-pane-' + tab.key, role: 'tabpanel', 'aria-labelledby': 'ds-tab-' + tab.key, 'data-testid': 'source-pane-' + tab.key });
      panes.push(pane);
      if (!selected) return;
      if (tab.key === 'settings') {
        pane.appendChild(page.form.node);
        pane.appendChild(testSlot('settings'));
      } else if (tab.key === 'mappings') {
        pane.appendChild(mappingsPane());
        pane.appendChild(testSlot('mappings'));
      } else {
        pane.appendChild(h('div', { 'data-testid': 'report' }));
      }
    });
    view.appendChild(h('div', { class: 'aui-tabs horizontal-tabs ds-tabs' }, [menu].concat(panes)));
    if (page.tab === 'report') renderReport();
  }

  function selectTab(key) {
    var page = ui.page;
    if (!page || page.tab === key) {
      render();
      return;
    }
    page.tab = key;
    render();
    if (key === 'report') loadRuns();
  }

  function sourceHeader(page) {
    var source = page.source;
    if (!source) {
      return h('header', { class: 'ds-source-header', 'data-testid': 'source-header' }, [
        h('div', { class: 'ds-source-title' }, [h('h2', { 'data-testid': 'source-title', text: 'Add an LDAP directory' })]),
        h('p', { class: 'ds-hint', text: 'Fill in the connection and where the people are, then save. You can test the connection right away and map fields next.' }),
      ]);
    }
    var running = isRunning(source);
    var runButton = button(running ? 'Running…' : 'Run now', { 'data-testid': 'run-now', disabled: running || ui.pending[source.id], title: 'Run a full sync of this directory now' }, function () {
      runNow(source, runButton);
    }, 'refresh');
    return h('header', { class: 'ds-source-header', 'data-testid': 'source-header', 'data-source-id': source.id }, [
      h('div', { class: 'ds-source-top' }, [
        h('div', { class: 'ds-source-title' }, [
          h('h2', { 'data-testid': 'source-title', text: source.name }),
          lozenge('LDAP', 'complete', { 'data-testid': 'source-kind' }),
          source.enabled ? lozenge('Enabled', 'success', { 'data-testid': 'source-enabled' }) : lozenge('Disabled', null, { 'data-testid': 'source-enabled' }),
          h('span', { class: 'ds-muted', 'data-testid': 'source-priority', text: 'Priority ' + source.priority }),
        ]),
        h('div', { class: 'ds-source-actions' }, [runButton, h('div', { class: 'error ds-run-error', role: 'alert', 'data-testid': 'run-error', text: page.runError || '' })]),
      ]),
      h('dl', { class: 'ds-facts' }, [
        h('div', {}, [h('dt', { text: 'Bulk profile update (LDAP sync)' }), h('dd', { 'data-testid': 'source-schedule' }, [scheduleLine(source)])]),
        h('div', {}, [
          h('dt', { text: 'Last run' }),
          h('dd', {}, [
            lastRunLine(source, page.tab === 'report' ? null : function () {
              selectTab('report');
            }),
          ]),
        ]),
      ]),
    ]);
  }

  function showPageMessage(kind, title, text) {
    els.message.textContent = '';
    els.message.appendChild(
      h('div', { class: 'aui-message aui-message-' + kind, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'page-message-' + kind }, [
        h('p', { class: 'title' }, [h('strong', { text: title })]),
        text ? h('p', { text: text }) : null,
      ]),
    );
    Rollcall.resize();
  }

  // ---------------------------------------------------------------------------------------------
  // Settings form
  // ---------------------------------------------------------------------------------------------

  function fieldGroup(labelText, input, description, errorFor, options) {
    options = options || {};
    return h('div', { class: 'field-group' + (options.wide ? ' ds-wide' : ''), 'data-field': errorFor }, [
      h('label', { for: input.id }, [labelText, options.required ? h('span', { class: 'aui-icon icon-required', text: 'required' }) : null]),
      input,
      options.extra || null,
      description ? h('div', { class: 'description', id: input.id + '-description', text: description }) : null,
      h('div', { class: 'error', 'data-error-for': errorFor, role: 'alert' }),
    ]);
  }

  function textInput(name, value, attrs) {
    var all = { class: 'text', type: 'text', id: nextId(name.replace(/\W/g, '-')), name: name, value: value === undefined || value === null ? '' : String(value), autocomplete: 'off', spellcheck: 'false' };
    Object.keys(attrs || {}).forEach(function (k) {
      all[k] = attrs[k];
    });
    var input = h('input', all);
    return input;
  }

  function describedBy(input) {
    input.setAttribute('aria-describedby', input.id + '-description');
    return input;
  }

  function checkbox(name, labelText, description, checked) {
    var id = nextId(name.replace(/\W/g, '-'));
    var input = h('input', { class: 'checkbox', type: 'checkbox', id: id, name: name, checked: !!checked });
    return {
      input: input,
      node: h('div', { class: 'checkbox ds-checkbox' }, [
        input,
        formGlyph(),
        h('label', { for: id, text: labelText }),
        description ? h('div', { class: 'description', text: description }) : null,
        h('div', { class: 'error', 'data-error-for': name, role: 'alert' }),
      ]),
    };
  }

  function radio(name, value, labelText, description, checked) {
    var id = nextId(name.replace(/\W/g, '-'));
    var input = h('input', { class: 'radio', type: 'radio', id: id, name: name, value: value, checked: !!checked });
    return {
      input: input,
      node: h('div', { class: 'radio ds-radio' }, [input, formGlyph(), h('label', { for: id, text: labelText }), description ? h('div', { class: 'description', text: description }) : null]),
    };
  }

  function group(title, intro, children, testId) {
    var headingId = nextId('group');
    return h('section', { class: 'ds-group', role: 'group', 'aria-labelledby': headingId, 'data-testid': testId }, [
      h('h3', { class: 'ds-group-title', id: headingId, text: title }),
      intro ? h('p', { class: 'ds-group-intro', text: intro }) : null,
      h('div', { class: 'ds-grid' }, children),
    ]);
  }

  /**
   * The bind password, write-only: a set password is never shown or prefilled. "Change password"
   * reveals an empty input; "Remove" clears it on save (bindPassword: null).
   */
  function passwordField(hasPassword) {
    var mode = hasPassword ? 'keep' : 'set'; // keep | change | remove | set
    var input = h('input', { class: 'text', type: 'password', id: nextId('bind-password'), name: 'bindPassword', autocomplete: 'new-password', 'data-testid': 'bind-password' });
    var body = h('div', { class: 'ds-password', 'data-testid': 'password-field' });
    var error = h('div', { class: 'error', 'data-error-for': 'bindPassword', role: 'alert' });
    var label = h('label', { for: input.id, text: 'Bind password' });

    function link(text, testId, onClick) {
      return h('button', { class: 'aui-button aui-button-link ds-link-button', type: 'button', 'data-testid': testId, text: text, on: { click: onClick } });
    }

    function draw(focus) {
      body.textContent = '';
      body.setAttribute('data-mode', mode);
      if (mode === 'keep') {
        body.appendChild(
          h('div', { class: 'ds-password-state', 'data-testid': 'password-set' }, [
            icon('lock-filled'),
            h('span', { text: 'A password is set.' }),
            link('Change password', 'change-password', function () {
              mode = 'change';
              draw(true);
            }),
            link('Remove', 'remove-password', function () {
              mode = 'remove';
              draw();
              body.querySelector('[data-testid="keep-password"]').focus();
            }),
          ]),
        );
      } else if (mode === 'remove') {
        body.appendChild(
          h('div', { class: 'ds-password-state ds-password-removed', 'data-testid': 'password-removed' }, [
            icon('unlock'),
            h('span', { text: 'The password is removed when you save: Rollcall then binds without one.' }),
            link('Undo', 'keep-password', function () {
              mode = 'keep';
              draw();
            }),
          ]),
        );
      } else {
        input.value = '';
        body.appendChild(input);
        if (mode === 'change') {
          body.appendChild(
            h('div', { class: 'description' }, [
              'Enter the new password. ',
              link('Keep the current password', 'keep-password', function () {
                mode = 'keep';
                draw();
              }),
            ]),
          );
        } else {
          body.appendChild(h('div', { class: 'description', text: 'Write-only: Rollcall stores it encrypted and never shows it again. Leave empty to bind anonymously.' }));
        }
        if (focus) input.focus();
      }
      if (mode === 'set' || mode === 'change') label.setAttribute('for', input.id);
      else label.removeAttribute('for');
      Rollcall.resize();
    }
    draw();
    return {
      node: h('div', { class: 'field-group' }, [label, body, error]),
      /** undefined keeps the stored password, null removes it, a string sets it; {problem} when it cannot be sent. */
      value: function () {
        if (mode === 'keep') return undefined;
        if (mode === 'remove') return null;
        if (mode === 'change' && !input.value) return { problem: 'Enter the new password, or keep the current one.' };
        return input.value ? input.value : undefined;
      },
    };
  }

  function settingsForm(source) {
    var creating = !source;
    var s = (source && source.settings) || {};
    var match = s.accountMatch || { kind: 'email', attribute: 'mail' };

    // Connection
    var name = textInput('name', source ? source.name : '', { maxlength: '100', required: true, placeholder: 'e.g. Company LDAP', 'data-testid': 'source-name-input' });
    var url = describedBy(textInput('settings.url', s.url, { placeholder: 'ldap://ldap.example.com:389', required: true, inputmode: 'url' }));
    var startTls = checkbox('settings.startTls', 'Use StartTLS', 'Encrypts an ldap:// connection before binding. Not with ldaps://, which is encrypted already.', s.startTls);
    var ca = h('textarea', { class: 'textarea ds-pem', id: nextId('ca'), name: 'settings.caCertificate', rows: '4', spellcheck: 'false', placeholder: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----' });
    ca.value = s.caCertificate || '';
    describedBy(ca);
    var bindDn = describedBy(textInput('settings.bindDn', s.bindDn, { placeholder: 'cn=rollcall,ou=system,dc=example,dc=com' }));
    var password = passwordField(!!(source && source.hasBindPassword));

    // Users
    var baseDn = describedBy(textInput('settings.baseDn', s.baseDn, { placeholder: 'dc=example,dc=com', required: true }));
    var userDn = describedBy(textInput('settings.additionalUserDn', s.additionalUserDn, { placeholder: 'ou=people' }));
    var filter = describedBy(textInput('settings.userFilter', s.userFilter || '(objectClass=inetOrgPerson)', { placeholder: '(objectClass=inetOrgPerson)', 'data-testid': 'user-filter' }));
    var idAttribute = describedBy(textInput('settings.idAttribute', s.idAttribute, { placeholder: 'Detect' }));
    var byEmail = radio('settings.accountMatch.kind', 'email', 'By email address', 'The attribute holds the person’s email; it is matched with the Confluence account’s email, ignoring case.', match.kind !== 'accountId');
    var byAccountId = radio('settings.accountMatch.kind', 'accountId', 'By Atlassian account id', 'The attribute holds the Atlassian account id itself.', match.kind === 'accountId');
    var matchAttribute = textInput('settings.accountMatch.attribute', match.attribute || (match.kind === 'accountId' ? '' : 'mail'), { placeholder: 'mail' });
    function syncMatch() {
      var accountId = byAccountId.input.checked;
      matchAttribute.placeholder = accountId ? 'e.g. atlassianAccountId' : 'mail';
      if (accountId && matchAttribute.value === 'mail') matchAttribute.value = '';
      if (!accountId && !matchAttribute.value) matchAttribute.value = 'mail';
    }
    byEmail.input.addEventListener('change', syncMatch);
    byAccountId.input.addEventListener('change', syncMatch);
    var matchGroup = h('fieldset', { class: 'group ds-wide ds-match' }, [
      h('legend', {}, [h('span', { text: 'Account matching' })]),
      h('p', { class: 'ds-group-intro', text: 'How an entry finds its Confluence account.' }),
      h('div', { class: 'ds-match-options' }, [byEmail.node, byAccountId.node]),
      h('div', { class: 'error', 'data-error-for': 'settings.accountMatch.kind', role: 'alert' }),
      fieldGroup('Attribute holding it', matchAttribute, null, 'settings.accountMatch.attribute'),
      h('div', { class: 'error', 'data-error-for': 'settings.accountMatch', role: 'alert' }),
    ]);

    // Pictures
    var known = s.pictureAttribute === 'jpegPhoto' || s.pictureAttribute === 'thumbnailPhoto';
    var pictureChoice = h(
      'select',
      { class: 'select', id: nextId('picture'), name: 'pictureChoice', 'data-testid': 'picture-choice' },
      PICTURE_CHOICES.map(function (c) {
        var selected = c.value === 'other' ? !!s.pictureAttribute && !known : c.value === (s.pictureAttribute || '');
        return h('option', { value: c.value, text: c.label, selected: selected });
      }),
    );
    var pictureOther = textInput('settings.pictureAttribute', known ? '' : s.pictureAttribute, { placeholder: 'e.g. photo', 'aria-label': 'Picture attribute name' });
    var otherWrap = h('div', { class: 'ds-picture-other' }, [pictureOther]);
    function syncPicture() {
      otherWrap.hidden = pictureChoice.value !== 'other';
      Rollcall.resize();
    }
    pictureChoice.addEventListener('change', function () {
      syncPicture();
      if (pictureChoice.value === 'other') pictureOther.focus();
    });
    syncPicture();

    // Advanced
    function numberInput(name, value, attrs) {
      var all = { type: 'number', inputmode: 'numeric' };
      Object.keys(attrs || {}).forEach(function (k) {
        all[k] = attrs[k];
      });
      var input = textInput(name, value, all);
      input.className = 'text ds-number';
      return describedBy(input);
    }
    var pageSize = numberInput('settings.pageSize', s.pageSize !== undefined ? s.pageSize : 500, { min: '1', max: '5000', step: '1' });
    var connectTimeout = numberInput('settings.connectTimeoutMs', s.connectTimeoutMs !== undefined ? s.connectTimeoutMs : 10000, { min: '100', max: '120000', step: '100' });
    var operationTimeout = numberInput('settings.operationTimeoutMs', s.operationTimeoutMs !== undefined ? s.operationTimeoutMs : 60000, { min: '1000', max: '3600000', step: '1000' });
    var threshold = numberInput('settings.goneThresholdPercent', s.goneThresholdPercent !== undefined ? s.goneThresholdPercent : 20, { min: '0', max: '100', step: 'any' });
    var priority = numberInput('priority', source ? source.priority : '', { min: '1', max: '1000', step: '1', placeholder: creating ? 'Last' : '' });
    var enabled = checkbox('enabled', 'Enabled', 'Runs on its schedule. A disabled source can still be tested and run by hand.', source ? source.enabled : true);

    // Schedule
    var schedule = describedBy(textInput('schedule', source ? source.schedule || '' : DEFAULT_SCHEDULE, { placeholder: 'No schedule', 'data-testid': 'schedule-input', class: 'text ds-cron' }));
    var scheduleInfo = h('div', { class: 'ds-schedule-info', 'data-testid': 'schedule-info', 'aria-live': 'polite' });
    function syncSchedule() {
      scheduleInfo.textContent = '';
      var value = schedule.value.trim();
      var saved = source ? source.schedule || '' : null;
      if (!value) {
        scheduleInfo.appendChild(h('span', { class: 'ds-muted', text: 'No schedule: the source syncs only when you click Run now.' }));
      } else if (source && value === saved) {
        scheduleInfo.appendChild(icon('calendar'));
        scheduleInfo.appendChild(h('strong', { 'data-testid': 'schedule-description', text: source.scheduleDescription || value }));
        if (source.nextRunAt) {
          scheduleInfo.appendChild(h('span', { 'data-testid': 'schedule-next-run', title: localTime(source.nextRunAt) + ' in your time zone', text: 'Next run ' + utcTime(source.nextRunAt) + ' (' + relative(source.nextRunAt) + ')' }));
        } else if (!source.enabled) {
          scheduleInfo.appendChild(h('span', { class: 'ds-muted', 'data-testid': 'schedule-next-run', text: 'Paused while the source is disabled.' }));
        }
      } else if (value === DEFAULT_SCHEDULE && !source) {
        scheduleInfo.appendChild(icon('calendar'));
        scheduleInfo.appendChild(h('strong', { text: 'Every 3 hours, on the hour' }));
        scheduleInfo.appendChild(h('span', { class: 'ds-muted', text: 'The default. Save to see the next run.' }));
      } else {
        scheduleInfo.appendChild(h('span', { class: 'ds-muted', 'data-testid': 'schedule-unsaved', text: 'Save to see this schedule in plain words and when it runs next.' }));
      }
      Rollcall.resize();
    }
    schedule.addEventListener('input', syncSchedule);
    syncSchedule();
    var presets = h(
      'div',
      { class: 'ds-presets', role: 'group', 'aria-label': 'Common schedules' },
      [h('span', { class: 'ds-muted', text: 'Common: ' })].concat(
        SCHEDULE_PRESETS.map(function (p) {
          return h('button', {
            class: 'aui-button aui-button-link ds-link-button',
            type: 'button',
            'data-testid': 'schedule-preset',
            title: p.cron,
            text: p.label,
            on: {
              click: function () {
                schedule.value = p.cron;
                syncSchedule();
                schedule.focus();
              },
            },
          });
        }),
      ),
    );

    var formError = h('div', { class: 'error ds-form-error', 'data-error-for': '_form', role: 'alert' });
    var status = h('div', { class: 'ds-form-status', 'data-testid': 'form-status', role: 'status' });
    var save = h('button', { class: 'aui-button aui-button-primary', type: 'submit', 'data-testid': 'save-source', text: creating ? 'Add directory' : 'Save' });
    var saveAndTest = h('button', { class: 'aui-button', type: 'button', 'data-testid': 'save-and-test', text: 'Save and test connection' });

    var form = h('form', { class: 'aui top-label ds-form', novalidate: true, 'data-testid': 'source-form', 'data-mode': creating ? 'add' : 'edit', 'aria-label': creating ? 'Add an LDAP directory' : 'Settings of ' + source.name }, [
      formError,
      group('Connection', 'Where the directory is and how Rollcall signs in to it.', [
        fieldGroup('Name', name, null, 'name', { required: true }),
        fieldGroup('Directory URL', url, 'ldap://host:389 or ldaps://host:636', 'settings.url', { required: true }),
        h('div', { class: 'ds-wide' }, [startTls.node, h('div', { class: 'error', 'data-error-for': 'settings.startTls', role: 'alert' })]),
        fieldGroup('CA certificate (PEM)', ca, 'Only if the server’s certificate is signed by your own certificate authority: it is trusted in addition to the public ones.', 'settings.caCertificate', { wide: true }),
        fieldGroup('Bind DN', bindDn, 'The service account Rollcall binds as. Leave empty to bind anonymously.', 'settings.bindDn'),
        password.node,
      ], 'group-connection'),
      group('Users', 'Where the people are, and how each entry finds its Confluence account.', [
        fieldGroup('Base DN', baseDn, 'The directory’s root, e.g. dc=example,dc=com.', 'settings.baseDn', { required: true }),
        fieldGroup('Additional user DN', userDn, 'Below the base DN, e.g. ou=people: Rollcall searches there. Leave empty to search the whole base DN.', 'settings.additionalUserDn'),
        fieldGroup('User object filter', filter, 'Which entries are people (RFC 4515), e.g. (&(objectClass=inetOrgPerson)(!(employeeType=contractor))).', 'settings.userFilter', { wide: true }),
        fieldGroup('Stable id attribute', idAttribute, 'Blank = detect (entryUUID, objectGUID or nsUniqueId). It keeps a person’s profile when their DN changes.', 'settings.idAttribute'),
        matchGroup,
      ], 'group-users'),
      group('Pictures', null, [
        fieldGroup('Picture attribute', pictureChoice, 'A binary attribute with the person’s photo; Rollcall resizes it for profiles.', 'settings.pictureAttribute', { extra: otherWrap, wide: true }),
      ], 'group-pictures'),
      group('Advanced', null, [
        fieldGroup('Page size', pageSize, 'Entries per page of the paged search (default 500).', 'settings.pageSize'),
        fieldGroup('Safety threshold (%)', threshold, 'A full run stops before marking more than this share of known people as gone (default 20).', 'settings.goneThresholdPercent'),
        fieldGroup('Connect timeout (ms)', connectTimeout, 'Default 10000.', 'settings.connectTimeoutMs'),
        fieldGroup('Operation timeout (ms)', operationTimeout, 'Default 60000.', 'settings.operationTimeoutMs'),
        fieldGroup('Priority', priority, '1 = highest: where sources fill the same field, the higher priority wins.', 'priority'),
        h('div', { class: 'ds-enabled' }, [enabled.node]),
      ], 'group-advanced'),
      group('Schedule', 'Bulk profile update (LDAP sync): a full sync of this directory on a schedule.', [
        fieldGroup('Cron expression (UTC)', schedule, 'minute hour day-of-month month day-of-week, in UTC. Empty = only when you click Run now.', 'schedule', { extra: presets, wide: true }),
        h('div', { class: 'ds-wide' }, [scheduleInfo]),
      ], 'group-schedule'),
      h('div', { class: 'buttons-container ds-buttons' }, [
        h('div', { class: 'buttons' }, [
          save,
          saveAndTest,
          h('button', { class: 'aui-button aui-button-link', type: 'button', 'data-testid': 'cancel-source', text: creating ? 'Cancel' : 'Back to all sources', on: { click: closeSource } }),
          status,
        ]),
      ]),
    ]);

    form.addEventListener('input', function () {
      status.textContent = '';
    });

    function numberValue(input, label, problems) {
      var raw = input.value.trim();
      if (raw === '') return undefined;
      var n = Number(raw);
      if (!isFinite(n)) {
        problems.push({ path: input.name, message: label + ' must be a number.' });
        return undefined;
      }
      return n;
    }

    function collect() {
      var problems = [];
      var settings = {
        url: url.value.trim(),
        startTls: startTls.input.checked,
        baseDn: baseDn.value.trim(),
        accountMatch: { kind: byAccountId.input.checked ? 'accountId' : 'email', attribute: matchAttribute.value.trim() },
      };
      var optional = { caCertificate: ca.value.trim(), bindDn: bindDn.value.trim(), additionalUserDn: userDn.value.trim(), userFilter: filter.value.trim(), idAttribute: idAttribute.value.trim() };
      Object.keys(optional).forEach(function (k) {
        if (optional[k]) settings[k] = optional[k];
      });
      var picture = pictureChoice.value === 'other' ? pictureOther.value.trim() : pictureChoice.value;
      if (pictureChoice.value === 'other' && !picture) problems.push({ path: 'settings.pictureAttribute', message: 'Enter the attribute’s name, or choose None.' });
      if (picture) settings.pictureAttribute = picture;
      [
        [pageSize, 'pageSize', 'The page size'],
        [connectTimeout, 'connectTimeoutMs', 'The connect timeout'],
        [operationTimeout, 'operationTimeoutMs', 'The operation timeout'],
        [threshold, 'goneThresholdPercent', 'The safety threshold'],
      ].forEach(function (n) {
        var value = numberValue(n[0], n[2], problems);
        if (value !== undefined) settings[n[1]] = value;
      });
      var body = { name: name.value.trim(), enabled: enabled.input.checked, schedule: schedule.value.trim() || null, settings: settings };
      if (creating) body.kind = 'ldap';
      var p = numberValue(priority, 'The priority', problems);
      if (p !== undefined) body.priority = p;
      var secret = password.value();
      if (secret && typeof secret === 'object') problems.push({ path: 'bindPassword', message: secret.problem });
      else if (secret !== undefined) body.bindPassword = secret;
      if (!body.name) problems.push({ path: 'name', message: 'Give the source a name.' });
      return { body: body, problems: problems };
    }

    function submit(andTest, trigger) {
      clearFormErrors(form);
      status.textContent = '';
      var collected = collect();
      if (collected.problems.length) {
        showFormErrors(form, { body: { details: collected.problems } });
        return;
      }
      saveSource(collected.body, andTest, trigger);
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit(false, save);
    });
    saveAndTest.addEventListener('click', function () {
      submit(true, saveAndTest);
    });

    return {
      node: form,
      showErrors: function (error) {
        showFormErrors(form, error, { duplicate_source: 'name' });
      },
      setStatus: function (text) {
        status.textContent = '';
        if (text) status.appendChild(h('span', { class: 'ds-saved' }, [icon('check-circle'), ' ' + text]));
      },
      buttons: [save, saveAndTest],
    };
  }

  function saveSource(body, andTest, trigger) {
    var page = ui.page;
    var form = page.form;
    form.buttons.forEach(function (b) {
      b.disabled = true;
    });
    setBusy(trigger, true, andTest ? 'Saving…' : 'Saving…');
    var creating = !page.id;
    var request = creating ? Rollcall.api('POST', '/rest/v1/sources', body) : Rollcall.api('PATCH', '/rest/v1/sources/' + encodeURIComponent(page.id), body);
    request
      .then(function (source) {
        if (ui.page !== page) return;
        upsertSource(source);
        page.id = source.id;
        page.source = source;
        // A fresh form from what the server kept (trimmed, defaults filled, password state).
        page.form = settingsForm(source);
        page.test = andTest ? { tab: 'settings', pending: true } : page.test;
        ui.focus = '[data-testid="' + (andTest ? 'save-and-test' : 'save-source') + '"]';
        render();
        page.form.setStatus(creating ? 'Directory added. Next: map profile fields on the Field mappings tab.' : 'Saved.');
        announce(creating ? 'Directory ' + source.name + ' added.' : 'Settings saved.');
        if (andTest) testConnection('settings');
      })
      .catch(function (error) {
        setBusy(trigger, false);
        form.buttons.forEach(function (b) {
          b.disabled = false;
        });
        form.showErrors(error);
      });
  }

  // ---------------------------------------------------------------------------------------------
  // Connection test
  // ---------------------------------------------------------------------------------------------

  function testSlot(tab) {
    var slot = h('div', { class: 'ds-test-slot', 'data-testid': 'test-slot-' + tab });
    var test = ui.page.test;
    if (test && test.tab === tab) slot.appendChild(testPanel(test));
    return slot;
  }

  function renderTestSlot() {
    var page = ui.page;
    if (!page || !page.test) return;
    var slot = els.view.querySelector('[data-testid="test-slot-' + page.test.tab + '"]');
    if (!slot) return;
    slot.textContent = '';
    slot.appendChild(testPanel(page.test));
    Rollcall.resize();
  }

  function testConnection(tab) {
    var page = ui.page;
    page.test = { tab: tab, pending: true };
    renderTestSlot();
    var buttons = els.view.querySelectorAll('[data-testid="save-and-test"], [data-testid="mappings-save-and-test"]');
    buttons.forEach(function (b) {
      setBusy(b, true, 'Testing…');
    });
    Rollcall.api('POST', '/rest/v1/sources/' + encodeURIComponent(page.id) + '/test')
      .then(function (result) {
        if (ui.page !== page) return;
        page.test = { tab: tab, result: result };
        announce(result.ok ? 'Connection test passed.' : 'Connection test failed.');
      })
      .catch(function (error) {
        if (ui.page !== page) return;
        page.test = { tab: tab, error: messageOf(error) };
      })
      .then(function () {
        buttons.forEach(function (b) {
          setBusy(b, false);
          b.disabled = false;
        });
        els.view.querySelectorAll('[data-testid="save-source"], [data-testid="save-mappings"]').forEach(function (b) {
          b.disabled = false;
        });
        renderTestSlot();
      });
  }

  function testPanel(test) {
    if (test.pending) {
      return h('section', { class: 'ds-test', 'data-testid': 'test-result', 'data-state': 'pending', 'aria-busy': 'true' }, [
        h('h3', { class: 'ds-test-title' }, [h('span', { class: 'ds-spinner', 'aria-hidden': 'true' }), ' Testing the connection…']),
      ]);
    }
    if (test.error) {
      return h('section', { class: 'ds-test', 'data-testid': 'test-result', 'data-state': 'error' }, [
        h('div', { class: 'aui-message aui-message-error' }, [h('p', { class: 'title' }, [h('strong', { text: 'The test could not run' })]), h('p', { text: test.error })]),
      ]);
    }
    var result = test.result;
    var steps = result.steps || [];
    var byStep = {};
    steps.forEach(function (s) {
      byStep[s.step] = s;
    });
    var list = h('ol', { class: 'ds-steps', 'data-testid': 'test-steps' });
    STEPS.forEach(function (key) {
      var step = byStep[key];
      var stateName = step ? (step.ok ? 'ok' : 'failed') : 'skipped';
      list.appendChild(
        h('li', { class: 'ds-step ds-step-' + stateName, 'data-testid': 'test-step', 'data-step': key, 'data-ok': step ? String(step.ok) : null }, [
          h('span', { class: 'ds-step-mark', 'aria-hidden': 'true', text: stateName === 'ok' ? '✓' : stateName === 'failed' ? '✗' : '–' }),
          h('span', { class: 'ds-step-body' }, [
            h('span', { class: 'ds-step-head' }, [
              h('strong', { class: 'ds-step-label', 'data-testid': 'test-step-label', text: STEP_LABELS[key] }),
              h('span', { class: 'assistive', text: stateName === 'ok' ? ' passed' : stateName === 'failed' ? ' failed' : ' not run' }),
              step ? h('span', { class: 'ds-step-ms', 'data-testid': 'test-step-ms', text: duration(step.ms) }) : null,
            ]),
            h('span', { class: 'ds-step-detail', 'data-testid': 'test-step-detail', text: step ? step.detail : 'Not run: an earlier step failed.' }),
          ]),
        ]),
      );
    });

    var children = [
      h('div', { class: 'ds-test-header' }, [
        h('h3', { class: 'ds-test-title', text: 'Connection test' }),
        result.ok ? lozenge('Passed', 'success', { 'data-testid': 'test-outcome' }) : lozenge('Failed', 'error', { 'data-testid': 'test-outcome' }),
        result.searchBase ? h('span', { class: 'ds-muted ds-test-base' }, ['Searching ', dnCode(result.searchBase, { 'data-testid': 'test-search-base' }), result.filter ? ' for ' : null, result.filter ? h('code', { text: result.filter }) : null]) : null,
      ]),
      list,
    ];

    if (!result.ok && result.error) children.push(testFailure(result.error));
    if (result.ok) children.push(testSuccess(result));
    return h('section', { class: 'ds-test' + (result.ok ? ' ds-test-ok' : ' ds-test-failed'), 'data-testid': 'test-result', 'data-state': result.ok ? 'passed' : 'failed', 'aria-label': 'Connection test' }, children);
  }

  function testFailure(error) {
    var stepName = ERROR_STEP_LABELS[error.step] || error.step;
    var causes = error.usualCauses || [];
    return h('div', { class: 'aui-message aui-message-error ds-test-error', 'data-testid': 'test-error', 'data-step': error.step }, [
      h('p', { class: 'title' }, [h('strong', { 'data-testid': 'test-error-title', text: 'The ' + stepName + ' step failed' })]),
      h('p', { class: 'ds-test-error-message', 'data-testid': 'test-error-message', text: error.message }),
      error.resultCode !== undefined && error.resultCode !== null
        ? h('p', { class: 'ds-result-code', 'data-testid': 'test-error-code' }, ['LDAP result code ', h('code', { text: String(error.resultCode) }), error.resultName ? ' (' + error.resultName + ')' : ''])
        : null,
      causes.length ? h('p', { class: 'ds-causes-title' }, [h('strong', { text: 'Usual causes' })]) : null,
      causes.length
        ? h(
            'ul',
            { class: 'ds-causes', 'data-testid': 'test-error-causes' },
            causes.map(function (c) {
              return h('li', { text: c });
            }),
          )
        : null,
      h('div', { class: 'ds-checklist', 'data-testid': 'test-checklist' }, [
        h('p', { class: 'ds-causes-title' }, [h('strong', { text: 'Also check' })]),
        h(
          'ul',
          {},
          CHECKLIST.map(function (c) {
            return h('li', {}, [h('strong', { text: c[0] + ': ' }), c[1]]);
          }),
        ),
      ]),
    ]);
  }

  function testSuccess(result) {
    var samples = result.samples || [];
    var keys = [];
    samples.forEach(function (sample) {
      Object.keys(sample.values || {}).forEach(function (k) {
        if (keys.indexOf(k) < 0) keys.push(k);
      });
    });
    var order = state.fields.map(function (f) {
      return f.key;
    });
    keys.sort(function (a, b) {
      return (order.indexOf(a) < 0 ? 1e6 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 1e6 : order.indexOf(b));
    });
    var summary = h('div', { class: 'aui-message aui-message-success ds-test-summary', 'data-testid': 'test-summary' }, [
      h('p', { class: 'title' }, [h('strong', { 'data-testid': 'test-count', text: plural(result.count || 0, 'person matches', 'people match') + ' the filter' })]),
      h('p', {}, [
        result.idAttribute ? 'Stable id: ' : null,
        result.idAttribute ? h('code', { 'data-testid': 'test-id-attribute', text: result.idAttribute }) : null,
        result.idAttribute ? '. ' : null,
        samples.length ? 'The first ' + plural(samples.length, 'entry', 'entries') + ' as Rollcall would read ' + (samples.length === 1 ? 'it' : 'them') + ':' : 'No entry to show: check the filter and the user DN.',
      ]),
    ]);
    if (!samples.length) return summary;
    var source = ui.page && ui.page.source;
    var pictures = !!(source && source.settings && source.settings.pictureAttribute) || samples.some(function (sample) {
      return sample.hasPicture;
    });
    var head = h('tr', {}, [h('th', { scope: 'col', text: 'Entry' }), h('th', { scope: 'col', text: 'Matched by' }), pictures ? h('th', { scope: 'col', text: 'Picture' }) : null].concat(
      keys.map(function (k) {
        var field = fieldByKey(k);
        return h('th', { scope: 'col', 'data-field-key': k, text: field ? field.label : k });
      }),
    ));
    var body = h('tbody');
    samples.forEach(function (sample) {
      body.appendChild(
        h('tr', { 'data-testid': 'test-sample' }, [
          h('td', { class: 'ds-dn' }, [
            dnCode(sample.dn, { 'data-testid': 'test-sample-dn' }),
            (sample.problems || []).length
              ? h(
                  'ul',
                  { class: 'ds-sample-problems', 'data-testid': 'test-sample-problems' },
                  sample.problems.map(function (p) {
                    return h('li', {}, [icon('warning'), ' ' + p]);
                  }),
                )
              : null,
          ]),
          h('td', { 'data-testid': 'test-sample-match' }, [sample.matchValue ? h('span', { text: sample.matchValue }) : h('span', { class: 'ds-muted', text: 'nothing to match' })]),
          pictures ? h('td', { 'data-testid': 'test-sample-picture' }, [sample.hasPicture ? h('span', {}, [icon('image'), ' Yes']) : h('span', { class: 'ds-muted', text: 'None' })]) : null,
        ].concat(
          keys.map(function (k) {
            return h('td', { 'data-field-key': k, 'data-testid': 'test-sample-value' }, [valueNode(fieldByKey(k), sample.values ? sample.values[k] : null)]);
          }),
        )),
      );
    });
    return h('div', { class: 'ds-test-success' }, [
      summary,
      h('div', { class: 'ds-table-wrap' }, [h('table', { class: 'aui ds-samples', 'data-testid': 'test-samples' }, [h('thead', {}, [head]), body])]),
    ]);
  }

  /** A mapped sample value as text: DN references as their DN, select option ids as labels. */
  function valueText(field, value) {
    if (value === null || value === undefined || value === '') return '';
    if (Array.isArray(value)) {
      return value
        .map(function (v) {
          return valueText(field, v);
        })
        .filter(Boolean)
        .join(', ');
    }
    if (typeof value === 'object') return value.value !== undefined ? String(value.value) : JSON.stringify(value);
    if (field && (field.type === 'select' || field.type === 'multiselect')) {
      var options = field.options || [];
      for (var i = 0; i < options.length; i++) {
        if (options[i].id === value) return options[i].label;
      }
    }
    return String(value);
  }

  function valueNode(field, value) {
    var text = valueText(field, value);
    if (!text) return h('span', { class: 'ds-muted', text: '—' });
    var isRef = value && typeof value === 'object' && (value.ref || (Array.isArray(value) && value[0] && value[0].ref));
    if (isRef) return dnCode(text, { class: 'ds-ref', title: 'A DN: resolved to the person with this DN when syncing' });
    return h('span', { class: field && field.type === 'multiline' ? 'ds-multiline' : null, text: text });
  }

  // ---------------------------------------------------------------------------------------------
  // Field mappings
  // ---------------------------------------------------------------------------------------------

  function mappingsPane() {
    var page = ui.page;
    if (!page.mappings) page.mappings = mappingsEditor(page);
    return page.mappings.node;
  }

  function mappingsEditor(page) {
    var sourceId = page.id;
    var rows = {}; // field key -> {input, error}
    var existing = {}; // field key -> mapping as loaded
    var formError = h('div', { class: 'error ds-form-error', 'data-error-for': '_form', role: 'alert' });
    var status = h('div', { class: 'ds-form-status', 'data-testid': 'mappings-status', role: 'status' });
    var tbody = h('tbody');
    var save = h('button', { class: 'aui-button aui-button-primary', type: 'submit', 'data-testid': 'save-mappings', text: 'Save mappings', disabled: true });
    var saveAndTest = h('button', { class: 'aui-button', type: 'button', 'data-testid': 'mappings-save-and-test', text: 'Save and test connection', disabled: true });
    var listId = nextId('attributes');
    var datalist = h(
      'datalist',
      { id: listId },
      ATTRIBUTE_SUGGESTIONS.map(function (a) {
        return h('option', { value: a });
      }),
    );
    var form = h('form', { class: 'aui top-label ds-mappings', novalidate: true, 'data-testid': 'mappings-form', 'aria-busy': 'true', 'aria-label': 'Field mappings' }, [
      h('div', { class: 'ds-mappings-intro' }, [
        h('p', { text: 'Choose the LDAP attribute that fills each profile field. Leave it empty to leave the field alone: people keep editing it themselves.' }),
        h('ul', { class: 'ds-notes' }, [
          h('li', {}, [h('strong', { text: 'User fields' }), ' take a DN-valued attribute, e.g. ', h('code', { text: 'manager' }), ': the DN is resolved to the person with that DN.']),
          h('li', {}, [h('strong', { text: 'Select fields' }), ' match the attribute’s values with the option labels (ignoring case); a value that is not an option is reported in the sync report.']),
          h('li', {}, [h('strong', { text: 'Multi-valued fields' }), ' (multi select, multiple users) take every value; the others take the first.']),
        ]),
      ]),
      formError,
      h('div', { class: 'ds-table-wrap' }, [
        h('table', { class: 'aui ds-mapping-table', 'data-testid': 'mapping-table' }, [
          h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: 'Profile field' }), h('th', { scope: 'col', text: 'Type' }), h('th', { scope: 'col', text: 'LDAP attribute' })])]),
          tbody,
        ]),
      ]),
      datalist,
      h('div', { class: 'buttons-container ds-buttons' }, [h('div', { class: 'buttons' }, [save, saveAndTest, status])]),
    ]);
    tbody.appendChild(h('tr', {}, [h('td', { colspan: '3' }, [h('span', { class: 'ds-loading' }, [h('span', { class: 'ds-spinner', 'aria-hidden': 'true' }), ' Loading the mappings…'])])]));

    function build(mappings) {
      tbody.textContent = '';
      mappings.forEach(function (m) {
        existing[m.fieldKey] = m;
      });
      var categoryNames = {};
      state.categories.forEach(function (c) {
        categoryNames[c.id] = c.name;
      });
      var lastCategory = null;
      if (!state.fields.length) {
        tbody.appendChild(h('tr', {}, [h('td', { colspan: '3', class: 'ds-muted', text: 'There are no profile fields yet: add some in the Profile Editor.' })]));
      }
      state.fields.forEach(function (field) {
        if (field.categoryId !== lastCategory && categoryNames[field.categoryId]) {
          tbody.appendChild(h('tr', { class: 'ds-category-row' }, [h('th', { colspan: '3', scope: 'colgroup', text: categoryNames[field.categoryId] })]));
        }
        lastCategory = field.categoryId;
        var inputId = nextId('map');
        var mapping = existing[field.key];
        var input = h('input', {
          class: 'text ds-attribute',
          type: 'text',
          id: inputId,
          name: 'attribute',
          list: listId,
          value: mapping ? mapping.attribute : '',
          placeholder: 'Not mapped',
          autocomplete: 'off',
          spellcheck: 'false',
          'data-field-key': field.key,
          'data-testid': 'mapping-input',
        });
        var hint =
          field.type === 'user' || field.type === 'multiuser'
            ? 'A DN-valued attribute, e.g. manager'
            : field.type === 'select' || field.type === 'multiselect'
              ? 'Values match the option labels'
              : null;
        var error = h('div', { class: 'error', role: 'alert', 'data-testid': 'mapping-error' });
        rows[field.key] = { input: input, error: error };
        tbody.appendChild(
          h('tr', { class: 'ds-mapping-row', 'data-field-key': field.key, 'data-testid': 'mapping-row' }, [
            h('th', { scope: 'row' }, [h('label', { for: inputId, 'data-testid': 'mapping-label', text: field.label })]),
            h('td', { class: 'ds-muted', 'data-testid': 'mapping-type', text: TYPE_LABELS[field.type] || field.type }),
            h('td', {}, [input, hint ? h('div', { class: 'description', text: hint }) : null, error]),
          ]),
        );
      });
      form.removeAttribute('aria-busy');
      save.disabled = false;
      saveAndTest.disabled = false;
      form.setAttribute('data-loaded', 'true');
      Rollcall.resize();
    }

    Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(sourceId) + '/mappings')
      .then(function (data) {
        build((data && data.mappings) || []);
      })
      .catch(function (error) {
        tbody.textContent = '';
        form.removeAttribute('aria-busy');
        addError(formError, 'The mappings could not be loaded: ' + messageOf(error));
        Rollcall.resize();
      });

    form.addEventListener('input', function () {
      status.textContent = '';
    });

    function submit(andTest, trigger) {
      clearFormErrors(form);
      status.textContent = '';
      var sent = [];
      state.fields.forEach(function (field) {
        var row = rows[field.key];
        if (!row) return;
        var attribute = row.input.value.trim();
        if (!attribute) return;
        var before = existing[field.key];
        // Write-back is not edited here (yet): keep what is stored.
        sent.push({ fieldKey: field.key, attribute: attribute, writeBack: !!(before && before.writeBack) });
      });
      save.disabled = true;
      saveAndTest.disabled = true;
      setBusy(trigger, true, 'Saving…');
      Rollcall.api('PUT', '/rest/v1/sources/' + encodeURIComponent(sourceId) + '/mappings', { mappings: sent })
        .then(function (data) {
          existing = {};
          ((data && data.mappings) || []).forEach(function (m) {
            existing[m.fieldKey] = m;
          });
          setBusy(trigger, false);
          status.textContent = '';
          status.appendChild(h('span', { class: 'ds-saved' }, [icon('check-circle'), ' ' + (sent.length ? plural(sent.length, 'field', 'fields') + ' mapped. Saved.' : 'Saved: no field is mapped.')]));
          announce('Mappings saved.');
          if (andTest) {
            testConnection('mappings');
          } else {
            save.disabled = false;
            saveAndTest.disabled = false;
          }
        })
        .catch(function (error) {
          setBusy(trigger, false);
          save.disabled = false;
          saveAndTest.disabled = false;
          var details = detailsOf(error);
          if (!details.length) {
            addError(formError, messageOf(error));
          }
          details.forEach(function (d) {
            var parts = d.path.split('.');
            var index = parts[0] === 'mappings' ? Number(parts[1]) : NaN;
            var row = !isNaN(index) && sent[index] ? rows[sent[index].fieldKey] : null;
            if (row) {
              addError(row.error, d.message);
              row.input.setAttribute('aria-invalid', 'true');
            } else {
              addError(formError, d.message);
            }
          });
          var invalid = form.querySelector('[aria-invalid="true"]');
          if (invalid) invalid.focus();
          Rollcall.resize();
        });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit(false, save);
    });
    saveAndTest.addEventListener('click', function () {
      submit(true, saveAndTest);
    });
    return { node: form };
  }

  // ---------------------------------------------------------------------------------------------
  // Sync report
  // ---------------------------------------------------------------------------------------------

  function loadRuns() {
    var page = ui.page;
    if (!page || !page.id) return;
    Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(page.id) + '/runs')
      .then(function (data) {
        if (ui.page !== page) return;
        page.runs = (data && data.runs) || [];
        page.runsLoaded = true;
        page.runsError = '';
        page.runs.forEach(function (run) {
          if (run.status === 'running') watchRun(run.id, page.id);
        });
        if (page.tab === 'report') renderReport();
      })
      .catch(function (error) {
        if (ui.page !== page) return;
        page.runsError = messageOf(error);
        if (page.tab === 'report') renderReport();
      });
  }

  function renderReport() {
    var page = ui.page;
    var container = els.view.querySelector('[data-testid="report"]');
    if (!page || !container) return;
    container.textContent = '';
    var source = page.source;
    var running = source && live[source.id];
    container.appendChild(
      h('div', { class: 'ds-report-intro' }, [
        h('p', { class: 'ds-hint', text: 'The latest 50 runs, newest first. Select a run to see why it failed and which entries could not be synchronised. Times are in your time zone.' }),
      ]),
    );
    if (running) {
      container.appendChild(
        h('div', { class: 'ds-live', 'data-testid': 'live-run', 'data-run-id': running.id }, [
          h('div', { class: 'ds-live-head' }, [
            statusLozenge('running'),
            h('strong', { text: (running.mode === 'incremental' ? 'Incremental' : 'Full') + ' sync' }),
            h('span', { class: 'ds-muted', text: 'started ' + localTime(running.startedAt) + ' (' + relative(running.startedAt) + ')' }),
          ]),
          progressBox(running, 'Sync progress of ' + source.name),
          h('div', { class: 'ds-muted', 'data-testid': 'live-counts', text: countsSummary(running) }),
        ]),
      );
    }
    if (page.runsError) {
      container.appendChild(h('div', { class: 'aui-message aui-message-error', role: 'alert' }, [h('p', { text: 'The sync report could not be loaded: ' + page.runsError })]));
      Rollcall.resize();
      return;
    }
    if (!page.runsLoaded && !(page.runs && page.runs.length)) {
      container.appendChild(h('div', { class: 'ds-loading', 'data-testid': 'runs-loading' }, [h('span', { class: 'ds-spinner', 'aria-hidden': 'true' }), ' Loading the sync report…']));
      Rollcall.resize();
      return;
    }
    var runs = page.runs || [];
    if (!runs.length) {
      container.appendChild(
        h('div', { class: 'ds-runs-empty', 'data-testid': 'runs-empty' }, [
          h('p', {}, [h('strong', { text: 'No runs yet.' })]),
          h('p', { class: 'ds-muted', text: 'Click Run now to synchronise the directory now, or wait for the schedule. Test the connection first on the Settings tab.' }),
        ]),
      );
      Rollcall.resize();
      return;
    }
    var tbody = h('tbody');
    runs.forEach(function (run) {
      tbody.appendChild(runRow(run));
      if (page.openRunId === run.id) tbody.appendChild(runDetailsRow(run));
    });
    container.appendChild(
      h('div', { class: 'ds-table-wrap' }, [
        h('table', { class: 'aui ds-runs', 'data-testid': 'runs-table' }, [
          h('thead', {}, [
            h('tr', {}, [h('th', { scope: 'col', text: 'Started' }), h('th', { scope: 'col', text: 'Trigger' }), h('th', { scope: 'col', text: 'Mode' }), h('th', { scope: 'col', class: 'ds-num', text: 'Duration' })]
              .concat(
                COUNT_KEYS.map(function (k) {
                  return h('th', { scope: 'col', class: 'ds-num', title: COUNT_HELP[k], text: COUNT_LABELS[k] });
                }),
              )
              .concat([h('th', { scope: 'col', text: 'Status' })])),
          ]),
          tbody,
        ]),
      ]),
    );
    Rollcall.resize();
  }

  function runRow(run) {
    var page = ui.page;
    var open = page && page.openRunId === run.id;
    var counts = countsOf(run);
    var toggle = h(
      'button',
      {
        class: 'aui-button aui-button-link ds-run-toggle',
        type: 'button',
        'aria-expanded': open ? 'true' : 'false',
        'data-testid': 'run-toggle',
        title: open ? 'Hide the details' : 'Show the details',
        on: {
          click: function () {
            toggleRun(run);
          },
        },
      },
      [icon(open ? 'chevron-down' : 'chevron-right'), h('span', { class: 'ds-run-start', 'data-testid': 'run-started', text: localTime(run.startedAt) })],
    );
    return h(
      'tr',
      {
        class: 'ds-run-row' + (open ? ' ds-open' : '') + ' ds-run-' + run.status,
        'data-run-id': run.id,
        'data-testid': 'run-row',
        'data-status': run.status,
        on: {
          click: function (event) {
            if (event.target.closest('button, a')) return;
            toggleRun(run);
          },
        },
      },
      [
        h('td', { class: 'ds-run-when' }, [toggle, h('div', { class: 'ds-muted ds-run-relative' }, [timeElement(run.startedAt, 'run-relative')])]),
        h('td', { 'data-testid': 'run-trigger', text: run.trigger === 'schedule' ? 'Schedule' : 'Manual' }),
        h('td', { 'data-testid': 'run-mode', text: run.mode === 'incremental' ? 'Incremental' : 'Full' }),
        h('td', { class: 'ds-num', 'data-testid': 'run-duration', text: run.status === 'running' ? '…' : duration(run.durationMs) }),
      ]
        .concat(
          COUNT_KEYS.map(function (k) {
            return h('td', { class: 'ds-num' + (counts[k] === 0 ? ' ds-zero' : '') + (k === 'failed' && counts[k] > 0 ? ' ds-bad' : ''), 'data-count': k, 'data-testid': 'run-count-' + k, text: String(counts[k]) });
          }),
        )
        .concat([h('td', {}, [statusLozenge(run.status)])]),
    );
  }

  function toggleRun(run) {
    var page = ui.page;
    if (!page) return;
    page.openRunId = page.openRunId === run.id ? null : run.id;
    ui.focus = '[data-run-id="' + cssEscape(run.id) + '"] [data-testid="run-toggle"]';
    renderReport();
    var target = els.view.querySelector(ui.focus);
    ui.focus = null;
    if (target) target.focus();
    if (page.openRunId && !(page.details[run.id] && page.details[run.id].run.status !== 'running')) loadRunDetails(run.id);
  }

  function loadRunDetails(runId) {
    var page = ui.page;
    Rollcall.api('GET', '/rest/v1/sync-runs/' + encodeURIComponent(runId))
      .then(function (run) {
        if (ui.page !== page) return;
        page.details[runId] = { run: run, errors: run.errors || [], errorCount: run.errorCount || 0 };
        if (page.tab === 'report') renderReport();
      })
      .catch(function (error) {
        if (ui.page !== page) return;
        page.details[runId] = { failed: messageOf(error) };
        if (page.tab === 'report') renderReport();
      });
  }

  function runDetailsRow(run) {
    var page = ui.page;
    var details = page.details[run.id];
    var content = [];
    if (!details) {
      content.push(h('div', { class: 'ds-loading' }, [h('span', { class: 'ds-spinner', 'aria-hidden': 'true' }), ' Loading the run…']));
    } else if (details.failed) {
      content.push(h('div', { class: 'aui-message aui-message-error', role: 'alert' }, [h('p', { text: 'The run could not be loaded: ' + details.failed })]));
    } else {
      var full = details.run;
      var facts = [
        ['Started', localTime(full.startedAt) + ' (' + relative(full.startedAt) + ')'],
        ['Finished', full.finishedAt ? localTime(full.finishedAt) : 'Still running'],
        ['Trigger', full.trigger === 'schedule' ? 'Schedule' : full.startedBy ? 'Run now (by an administrator)' : 'Run now'],
      ];
      content.push(
        h(
          'dl',
          { class: 'ds-run-facts' },
          facts.map(function (f) {
            return h('div', {}, [h('dt', { text: f[0] }), h('dd', { text: f[1] })]);
          }),
        ),
      );
      if (full.message) {
        content.push(
          h('div', { class: 'aui-message ' + (full.status === 'failed' ? 'aui-message-error' : 'aui-message-info'), 'data-testid': 'run-message' }, [
            h('p', { class: 'title' }, [h('strong', { text: full.status === 'failed' ? 'Why the run failed' : 'Note' })]),
            h('p', { class: 'ds-prewrap', text: full.message }),
          ]),
        );
      }
      content.push(runErrors(run.id, details, full.status));
    }
    return h('tr', { class: 'ds-run-details-row', 'data-run-id': run.id }, [h('td', { colspan: String(5 + COUNT_KEYS.length) }, [h('div', { class: 'ds-run-details', 'data-testid': 'run-details' }, content)])]);
  }

  function runErrors(runId, details, status) {
    var errors = details.errors || [];
    if (!details.errorCount) {
      if (status !== 'succeeded') return h('p', { class: 'ds-muted', 'data-testid': 'run-no-errors', text: 'No entry errors were recorded.' });
      return h('p', { class: 'ds-no-errors', 'data-testid': 'run-no-errors' }, [icon('check-circle'), ' No entry errors: every entry read was synchronised or is waiting for its Confluence account.']);
    }
    var body = h('tbody');
    errors.forEach(function (e) {
      body.appendChild(
        h('tr', { 'data-testid': 'run-error-row' }, [
          h('td', { class: 'ds-dn' }, [dnCode(e.dn)]),
          h('td', { text: e.reason }),
          h('td', { class: 'ds-muted ds-nowrap', text: localTime(e.at) }),
        ]),
      );
    });
    var more = null;
    if (errors.length < details.errorCount) {
      more = h('button', {
        class: 'aui-button',
        type: 'button',
        'data-testid': 'run-errors-more',
        text: 'Show more (' + (details.errorCount - errors.length) + ' left)',
        on: {
          click: function () {
            loadMoreErrors(runId, more);
          },
        },
      });
    }
    return h('div', { class: 'ds-run-errors', 'data-testid': 'run-errors' }, [
      h('h4', { text: plural(details.errorCount, 'entry error', 'entry errors') }),
      h('div', { class: 'ds-errors-scroll', tabindex: '0', role: 'region', 'aria-label': 'Entry errors' }, [
        h('table', { class: 'aui ds-errors-table' }, [h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: 'Entry (DN)' }), h('th', { scope: 'col', text: 'Reason' }), h('th', { scope: 'col', text: 'When' })])]), body]),
      ]),
      more ? h('div', { class: 'ds-more' }, [more]) : null,
    ]);
  }

  function loadMoreErrors(runId, more) {
    var page = ui.page;
    var details = page.details[runId];
    setBusy(more, true);
    Rollcall.api('GET', '/rest/v1/sync-runs/' + encodeURIComponent(runId) + '/errors?offset=' + details.errors.length)
      .then(function (data) {
        if (ui.page !== page) return;
        details.errors = details.errors.concat((data && data.errors) || []);
        if (!data || !data.errors || !data.errors.length) details.errorCount = details.errors.length;
        ui.focus = null;
        renderReport();
      })
      .catch(function (error) {
        setBusy(more, false);
        more.parentNode.appendChild(h('div', { class: 'error', role: 'alert', text: messageOf(error) }));
        Rollcall.resize();
      });
  }

  // ---------------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------------

  function showLoadError(message, retry) {
    els.view.textContent = '';
    els.view.removeAttribute('aria-busy');
    els.message.textContent = '';
    els.message.appendChild(
      h('div', { class: 'aui-message aui-message-error', role: 'alert', 'data-testid': 'load-error' }, [
        h('p', { class: 'title' }, [h('strong', { text: 'The data sources could not be loaded' })]),
        h('p', { text: message }),
        retry
          ? h('p', {}, [
              button('Try again', {}, function () {
                els.message.textContent = '';
                load();
              }),
            ])
          : null,
      ]),
    );
    Rollcall.resize();
  }

  function load() {
    els.view.setAttribute('aria-busy', 'true');
    var categories = Rollcall.api('GET', '/rest/v1/categories').then(
      function (data) {
        return (data && data.categories) || [];
      },
      function () {
        return []; // only for grouping the mappings
      },
    );
    Promise.all([Rollcall.api('GET', '/rest/v1/sources'), Rollcall.api('GET', '/rest/v1/fields'), categories])
      .then(function (results) {
        state.sources = (results[0] && results[0].sources) || [];
        state.fields = (results[1] && results[1].fields) || [];
        state.categories = results[2].slice().sort(function (a, b) {
          return a.position - b.position;
        });
        state.loaded = true;
        els.root.setAttribute('data-loaded', 'true');
        render();
        state.sources.forEach(function (source) {
          if (source.lastRun && source.lastRun.status === 'running') watchRun(source.lastRun.id, source.id);
        });
      })
      .catch(function (error) {
        showLoadError(messageOf(error), true);
      });
  }

  /** Keeps "3 minutes ago" true while the page stays open. */
  function tickRelativeTimes() {
    els.view.querySelectorAll('time[datetime]').forEach(function (el) {
      el.textContent = relative(el.getAttribute('datetime'));
    });
  }

  function start() {
    els.root = document.querySelector('[data-page="data-sources"]');
    if (!els.root || !window.Rollcall) return;
    els.view = els.root.querySelector('[data-testid="view"]');
    els.message = els.root.querySelector('[data-testid="page-message"]');
    els.live = h('div', { class: 'assistive', 'aria-live': 'polite', 'data-testid': 'announcer' });
    els.root.appendChild(els.live);
    if (!window.AP || !AP.context) {
      showLoadError('This page works inside Confluence: open it from Confluence’s administration.', false);
      return;
    }
    load();
    window.setInterval(tickRelativeTimes, 30000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
