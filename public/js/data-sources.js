/*
 * Data Sources (admin page): LDAP directories and XML files that fill profiles, their settings,
 * field mappings, "Save and test", "Run now" with live progress, and the sync report. Everything
 * goes through REST v1 with Rollcall.api() (an XML source's file with sendBytes()).
 *
 * An XML source's settings say where its file is (uploaded on this page, a file in the server's
 * import directory, or an HTTPS URL with an optional user and write-only password), which element
 * is a record and which of its elements or attributes holds the key that matches a Confluence
 * account. Its mappings are element or attribute paths in a record, never written back; its test
 * reads and parses the file and maps five records.
 *
 * Two views: the list of sources (or the empty state), and one source's page with three tabs
 * (Settings, Field mappings, Sync report). Settings include incremental synchronisation (the Last
 * LDAP sync date, the timestamp pattern with Detect, the overlap, and its schedule beside the bulk
 * profile update's); with it on, "Run now" becomes "Run full sync" and "Run incremental sync".
 * Field mappings include write-back to LDAP (the source's switch, each text-like mapping's, the
 * picture's) and the write-access test. The server's data lives in `state`; what the admin is
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
  /** The counts' help for an XML source, where the LDAP words do not fit. */
  var XML_COUNT_HELP = {
    seen: 'Records read from the file',
    added: 'Records that now fill a profile they did not fill before',
    updated: 'Records whose values changed since the last run',
    unchanged: 'Records with nothing new',
    unmatched: 'Records with no Confluence account (they can match later)',
    failed: 'Records that could not be synchronised (see the errors)',
    removed: 'People no longer in the file, marked as gone',
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
  var STEPS = ['connect', 'rootDse', 'idAttribute', 'count', 'samples', 'incremental'];
  var STEP_LABELS = {
    connect: 'Connect and bind',
    rootDse: 'Read the root DSE',
    idAttribute: 'Find the stable id attribute',
    count: 'Count the users',
    samples: 'Map sample users',
    incremental: 'Check incremental synchronisation',
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
    incremental: 'incremental synchronisation',
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
  var DEFAULT_INCREMENTAL_SCHEDULE = '*/15 * * * *';
  var INCREMENTAL_SCHEDULE_PRESETS = [
    // Schedules run at least 15 minutes apart unless the operator allows less (SYNC_MIN_INTERVAL_MINUTES).
    { cron: DEFAULT_INCREMENTAL_SCHEDULE, label: 'Every 15 minutes' },
    { cron: '*/30 * * * *', label: 'Every 30 minutes' },
    { cron: '0 * * * *', label: 'Every hour' },
  ];
  /** The LDAP timestamp patterns offered as presets (the server's TIMESTAMP_PRESETS). */
  var TIMESTAMP_PRESETS = [
    { pattern: 'yyyyMMddHHmmss.Z', label: 'Many Active Directory installations', example: '20160523150000.0Z' },
    { pattern: 'yyyyMMddHHmmssZ', label: 'Many OpenLDAP installations', example: '20160523150000Z' },
  ];
  var DEFAULT_TIMESTAMP_PATTERN = 'yyyyMMddHHmmssZ';
  var DEFAULT_OVERLAP_MINUTES = 5;
  /** Field types whose values may be written back to LDAP (the server refuses the others). */
  var WRITE_BACK_TYPES = ['text', 'multiline', 'email', 'phone', 'url', 'number', 'date'];
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
  /** What to check when the incremental step fails. */
  var INCREMENTAL_CHECKLIST = [
    ['Timestamp attribute', 'The bind user must be able to read modifyTimestamp (an operational attribute every LDAP server keeps) or, on Active Directory, whenChanged.'],
    ['Timestamp pattern', 'The pattern must write timestamps the way the server does: use Detect on the Settings tab.'],
  ];
  /** What to check when the write-access test fails. */
  var WRITE_CHECKLIST = [
    ['Bind rights', 'The bind DN (Settings tab) must be allowed to write the attribute: an ACL on OpenLDAP, delegated permissions on Active Directory. A read-only service account is refused with result code 50.'],
    ['The DN', 'Rollcall writes to the entry at the DN the last sync found; if the person moved in the directory, run a sync first.'],
    ['A local user', 'A Confluence user with no entry in this directory (a local account, or one the user filter or the additional user DN leaves out) has nothing to write to.'],
    ['The schema', 'The attribute must exist in the schema of the entry’s object classes; otherwise LDAP answers with result code 17 (undefinedAttributeType) or 21 (invalidAttributeSyntax).'],
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

  /** What differs between the kinds of source, in words. */
  var KINDS = {
    ldap: {
      label: 'LDAP',
      job: 'Bulk profile update (LDAP sync)',
      entry: ['entry', 'entries'],
      reading: 'Reading the directory…',
      runTitle: 'Run a full sync of this directory now',
      deleted: 'Its settings, field mappings, directory entries and sync report are deleted. The profile values it filled stay.',
      noRuns: 'Click Run now to synchronise the directory now, or wait for the schedule. Test the connection first on the Settings tab.',
      errorColumn: 'Entry (DN)',
    },
    xml: {
      label: 'XML',
      job: 'Bulk profile update (XML sync)',
      entry: ['record', 'records'],
      reading: 'Reading the file…',
      runTitle: 'Read the file now and update the profiles',
      deleted: 'Its settings, field mappings, uploaded file, records and sync report are deleted. The profile values it filled stay.',
      noRuns: 'Click Run now to read the file now, or wait for the schedule. Test the file first on the Settings tab.',
      errorColumn: 'Record',
    },
  };
  /** Where an XML source's file is (settings.location.kind). */
  var LOCATION_CHOICES = [
    { value: 'upload', label: 'Upload a file', description: 'An export from your computer. Rollcall keeps it for scheduled runs until you replace it.' },
    { value: 'path', label: 'A file on the server', description: 'A file in the app server’s import directory, e.g. one a nightly job puts there.' },
    { value: 'url', label: 'An HTTPS URL', description: 'Rollcall downloads the file on every run, with a user and password if the server asks for them.' },
  ];
  /** The shape of an export the XML settings explain with. */
  var XML_EXAMPLE = [
    '<identities>',
    '  <identity>',
    '    <mail>ada@example.com</mail>',
    '    <department>IT</department>',
    '    <team>Platform</team>',
    '  </identity>',
    '  …',
    '</identities>',
  ].join('\n');
  var XML_STEP_LABELS = {
    read: 'Read the file',
    parse: 'Parse the XML and count the records',
    samples: 'Map sample records',
  };
  /** What to check when the file cannot be had, by where it is. */
  var XML_READ_CHECKLIST = {
    upload: [['The upload', 'An uploaded source needs its file: choose it on the Settings tab and save. A file larger than the server’s limit (XML_MAX_BYTES) is refused.']],
    path: [
      ['The path', 'It is relative to this site’s import directory on the server, e.g. hr/identities.xml: only files inside that directory can be read, without ../ or links.'],
      ['Permissions', 'The app’s user on the server must be allowed to read the file.'],
    ],
    url: [
      ['Network', 'The app server must reach the URL through firewalls and proxies; the URL must answer without a redirect.'],
      ['Credentials', 'The user and password must be current; a 401 answer means they were refused.'],
    ],
  };
  /** What to check when the file is not the XML Rollcall expects. */
  var XML_PARSE_CHECKLIST = [
    ['Well-formed XML', 'Every element is closed in the right order, and & and < in values are written as &amp; and &lt;.'],
    ['Encoding', 'UTF-8 (with or without a BOM), or the encoding the XML declaration names.'],
    ['No DTD', 'Rollcall refuses <!DOCTYPE …>: it never resolves DTDs or entities.'],
  ];
  var XML_PATH_SUGGESTIONS = ['mail', 'email', 'department', 'team', 'title', 'jobTitle', 'phone', 'mobile', 'manager', 'location', 'city', 'address/city', 'address/country', 'company', 'employeeNumber', '@id'];

  var state = { loaded: false, sources: [], fields: [], categories: [], importDirectory: null };
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

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (text only)
  // ---------------------------------------------------------------------------------------------

  // Shared helpers: see public/js/rollcall.js.
  var { h, icon, lozenge, formGlyph, visible, clearFormErrors } = Rollcall.dom;
  var { messageOf, codeOf, plural, localTime, sendBytes } = Rollcall;
  var { nextId, setBusy } = Rollcall.dom.withPrefix('ds');

  function announce(text) {
    Rollcall.dom.announce(els.live, text);
  }

  function button(text, attrs, onClick, iconName) {
    var all = { class: 'aui-button', type: 'button', on: { click: onClick } };
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') all.class = 'aui-button ' + attrs[k];
      else all[k] = attrs[k];
    });
    return h('button', all, [iconName ? icon(iconName) : null, iconName ? ' ' + text : text]);
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
  }

  // ---------------------------------------------------------------------------------------------
  // Times and durations
  // ---------------------------------------------------------------------------------------------

  function toDate(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? null : d;
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

  /** 'xml' or 'ldap' (the kind of a source, or of a source id, or of the new source being added). */
  function kindOf(source) {
    if (typeof source === 'string') source = sourceById(source);
    return source && source.kind === 'xml' ? 'xml' : 'ldap';
  }

  function kindInfo(source) {
    return KINDS[kindOf(source)];
  }

  /** "812 bytes", "1.2 KB", "3.4 MB". */
  function fileSize(bytes) {
    if (typeof bytes !== 'number') return '';
    if (bytes < 1024) return plural(bytes, 'byte', 'bytes');
    if (bytes < 1048576) return (bytes / 1024).toFixed(1) + ' KB';
    return (bytes / 1048576).toFixed(1) + ' MB';
  }

  /** PUT /rest/v1/sources/{id}/file: the XML source's file, as its raw bytes. Answers with the source. */
  function uploadFile(sourceId, file) {
    return sendBytes('PUT', '/rest/v1/sources/' + encodeURIComponent(sourceId) + '/file?name=' + encodeURIComponent(file.name), file, 'application/xml');
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

  function countHelp(key, source) {
    return (kindOf(source) === 'xml' ? XML_COUNT_HELP : COUNT_HELP)[key];
  }

  /** The source's incremental settings as the server presents them (defaults when absent). */
  function incrementalOf(source) {
    var inc = (source && source.incremental) || {};
    return {
      enabled: !!inc.enabled,
      lastSyncDate: inc.lastSyncDate || null,
      timestampPattern: inc.timestampPattern || DEFAULT_TIMESTAMP_PATTERN,
      timestampAttribute: inc.timestampAttribute || 'modifyTimestamp',
      overlapMinutes: typeof inc.overlapMinutes === 'number' ? inc.overlapMinutes : DEFAULT_OVERLAP_MINUTES,
      schedule: inc.schedule === undefined ? DEFAULT_INCREMENTAL_SCHEDULE : inc.schedule,
      scheduleDescription: inc.scheduleDescription || null,
      scheduleProblem: inc.scheduleProblem || null,
      nextRunAt: inc.nextRunAt || null,
      pendingFields: Array.isArray(inc.pendingFields) ? inc.pendingFields : [],
    };
  }

  function incrementalOn(source) {
    return incrementalOf(source).enabled;
  }

  /** "Department and Phone": field labels for people, in the order of the fields. */
  function fieldList(keys) {
    var labels = keys.map(function (key) {
      var field = fieldByKey(key);
      return field ? field.label : key;
    });
    if (labels.length < 2) return labels.join('');
    return labels.slice(0, -1).join(', ') + ' and ' + labels[labels.length - 1];
  }

  /** The note about fields mapped since the last full run, or null when there are none (or incremental is off). */
  function pendingFieldsNote(source, testId) {
    var inc = incrementalOf(source);
    if (!inc.enabled || !inc.pendingFields.length) return null;
    return h('div', { class: 'aui-message aui-message-info ds-pending', 'data-testid': testId, 'data-fields': inc.pendingFields.join(' ') }, [
      h('p', {}, [
        'The next incremental run will fill ',
        h('strong', { text: fieldList(inc.pendingFields) }),
        ' for everyone (mapped since the last full run).',
      ]),
    ]);
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
    var kind = kindInfo(run.sourceId ? String(run.sourceId) : null);
    if (total) parts.push(done + ' of ' + total + ' ' + kind.entry[1]);
    else if (done) parts.push(plural(done, kind.entry[0], kind.entry[1]) + ' so far');
    if (progress.ratePerSecond) parts.push(progress.ratePerSecond + ' per second');
    parts.unshift((progress.phase === 'reading' ? kind.reading : PHASES[progress.phase]) || (progress.phase ? progress.phase : 'Starting…'));
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
    if (source.scheduleProblem) {
      // Saved before the rules on schedules: the server does not run it.
      parts.push(h('span', { class: 'error', 'data-testid': 'schedule-problem', text: source.scheduleProblem }));
    } else if (!source.enabled) {
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

  /** The incremental schedule in plain words, with its next run in UTC (only while incremental sync is on). */
  function incrementalScheduleLine(source) {
    var inc = incrementalOf(source);
    if (!inc.schedule) {
      return h('span', { class: 'ds-muted', 'data-testid': 'incremental-schedule-description', text: 'Not scheduled: runs only when you click Run incremental sync.' });
    }
    var parts = [h('span', { class: 'ds-schedule-words', 'data-testid': 'incremental-schedule-description', title: 'Cron (UTC): ' + inc.schedule, text: inc.scheduleDescription || inc.schedule })];
    if (inc.scheduleProblem) {
      parts.push(h('span', { class: 'error', 'data-testid': 'incremental-schedule-problem', text: inc.scheduleProblem }));
    } else if (!source.enabled) {
      parts.push(h('span', { class: 'ds-muted', 'data-testid': 'incremental-schedule-next-run', text: 'Paused while the source is disabled.' }));
    } else if (inc.nextRunAt) {
      parts.push(
        h('span', { class: 'ds-muted', 'data-testid': 'incremental-schedule-next-run', title: localTime(inc.nextRunAt) + ' in your time zone' }, [
          'Next run ' + utcTime(inc.nextRunAt) + ' (' + relative(inc.nextRunAt) + ')',
        ]),
      );
    }
    return h('span', { class: 'ds-schedule' }, parts);
  }

  /**
   * "Run now", or with incremental sync on two buttons: "Run full sync" and "Run incremental sync".
   * `compact` for the list's rows.
   */
  function runButtons(source, compact) {
    var running = isRunning(source);
    var disabled = running || ui.pending[source.id];
    var cls = compact ? 'aui-button-compact' : null;
    if (!incrementalOn(source)) {
      var single = button(running ? 'Running…' : 'Run now', { class: cls, 'data-testid': 'run-now', disabled: disabled, title: kindInfo(source).runTitle }, function () {
        runNow(source, single, 'full');
      }, 'refresh');
      return [single];
    }
    var full = button('Run full sync', { class: cls, 'data-testid': 'run-full', disabled: disabled, title: 'Read every entry now (the bulk profile update); it also notices people removed from the directory' }, function () {
      runNow(source, full, 'full');
    }, 'refresh');
    var incremental = button('Run incremental sync', { class: cls, 'data-testid': 'run-incremental', disabled: disabled, title: 'Read only the entries changed since the Last LDAP sync date' }, function () {
      runNow(source, incremental, 'incremental');
    }, 'refresh');
    return [full, incremental];
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
        run.mode === 'incremental' ? h('span', { class: 'ds-muted', 'data-testid': 'last-run-mode', text: ' · incremental' }) : null,
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
          h('h2', { class: 'ds-heading', text: 'Directories and files' }),
          h('p', { class: 'ds-hint', text: 'Sources fill profiles in priority order: where two fill the same field, the higher priority (1) wins.' }),
        ]),
        addButtons(),
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
              h('th', { scope: 'col', 'data-testid': 'schedule-column', text: scheduleColumnTitle() }),
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
      h('p', {
        text: 'Or read an XML export of your HR system: uploaded here, from a file on the server, or from an HTTPS URL. Each record is matched by its email or Atlassian account id.',
      }),
      h('p', { class: 'ds-muted', text: 'No data sources yet. For a directory you need its URL, a base DN and, usually, a service account to bind with; for an XML file, the file.' }),
      addButtons(),
    ]);
  }

  /** "Add LDAP directory" and "Add XML file": a new source of either kind. */
  function addButtons() {
    return h('div', { class: 'ds-add-buttons' }, [
      button('Add LDAP directory', { class: 'aui-button-primary', 'data-testid': 'add-source', 'data-kind': 'ldap' }, function () {
        openSource(null, 'settings', 'ldap');
      }, 'add'),
      button('Add XML file', { 'data-testid': 'add-xml-source', 'data-kind': 'xml' }, function () {
        openSource(null, 'settings', 'xml');
      }, 'add'),
    ]);
  }

  /** The list's schedule column: the job's name when every source is of one kind. */
  function scheduleColumnTitle() {
    var kinds = {};
    state.sources.forEach(function (source) {
      kinds[kindOf(source)] = true;
    });
    var list = Object.keys(kinds);
    return list.length === 1 ? KINDS[list[0]].job : 'Bulk profile update';
  }

  /** Where an XML source's file is, in a few words: the uploaded file's name, the path, or the URL. */
  function locationText(source) {
    var location = (source.settings && source.settings.location) || {};
    if (location.kind === 'path') return 'Server file: ' + (location.path || '');
    if (location.kind === 'url') return location.url || '';
    return source.file ? 'Uploaded: ' + source.file.name + ' (' + fileSize(source.file.size) + ')' : 'Upload: no file yet';
  }

  function sourceRow(source) {
    var id = source.id;
    var settings = source.settings || {};
    var runError = h('div', { class: 'error ds-row-error', role: 'alert', 'data-testid': 'run-error', text: ui.rowErrors[id] || '' });
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
          kindOf(source) === 'xml'
            ? h('div', { class: 'ds-muted ds-url', 'data-testid': 'source-url', 'data-location': (settings.location || {}).kind || null, text: locationText(source) })
            : h('div', { class: 'ds-muted ds-url', 'data-testid': 'source-url', text: settings.url || '' }),
        ]),
        h('td', {}, [lozenge(source.kind === 'ldap' ? 'LDAP' : String(source.kind).toUpperCase(), 'complete', { 'data-testid': 'source-kind' })]),
        h('td', {}, [source.enabled ? lozenge('Enabled', 'success', { 'data-testid': 'source-enabled' }) : lozenge('Disabled', null, { 'data-testid': 'source-enabled' })]),
        h('td', { class: 'ds-num', 'data-testid': 'source-priority', text: String(source.priority) }),
        h('td', { class: 'ds-schedule-cell', 'data-testid': 'source-schedule' }, [
          scheduleLine(source),
          incrementalOn(source)
            ? h('div', { class: 'ds-incremental-line', 'data-testid': 'source-incremental-schedule' }, [h('span', { class: 'ds-incremental-label', text: 'Incremental: ' }), incrementalScheduleLine(source)])
            : null,
        ]),
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
          ].concat(runButtons(source, true), [
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
          ])),
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
            h('span', { class: 'ds-muted', text: kindInfo(source).deleted }),
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

  /** Starts a run (mode 'full' or 'incremental'); without a Last LDAP sync date the server runs an incremental request as a full one. */
  function runNow(source, runButton, mode) {
    var id = source.id;
    mode = mode || 'full';
    var fallsBackToFull = mode === 'incremental' && !incrementalOf(source).lastSyncDate;
    delete ui.rowErrors[id];
    if (ui.page && ui.page.id === id) {
      ui.page.runError = '';
      ui.page.runNote = '';
    }
    ui.pending[id] = true;
    els.view.querySelectorAll('[data-source-id="' + cssEscape(id) + '"] [data-testid="run-full"], [data-source-id="' + cssEscape(id) + '"] [data-testid="run-incremental"]').forEach(function (b) {
      b.disabled = true;
    });
    setBusy(runButton, true);
    Rollcall.api('POST', '/rest/v1/sources/' + encodeURIComponent(id) + '/sync', { mode: mode })
      .then(function (started) {
        delete ui.pending[id];
        var run = {
          id: String(started.runId),
          sourceId: id,
          mode: fallsBackToFull ? 'full' : mode,
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
          if (fallsBackToFull) page.runNote = 'No Last LDAP sync date yet: this run reads every entry (a full run).';
        }
        announce((mode === 'incremental' && !fallsBackToFull ? 'Incremental sync' : 'Sync') + ' of ' + source.name + ' started.');
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
      wantsRuns ? Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(sourceId) + '/runs?limit=' + RUNS_PAGE) : null,
    ])
      .then(function (results) {
        var source = results[0];
        upsertSource(source);
        if (wantsRuns && ui.page && ui.page.id === sourceId) {
          ui.page.source = source;
          mergeNewestRuns(ui.page, results[1]);
          ui.page.runsLoaded = true;
          // The open settings form follows what the run changed (the Last LDAP sync date, pending fields).
          if (ui.page.form && ui.page.form.refresh) ui.page.form.refresh(source);
          if (ui.page.mappings && ui.page.mappings.refresh) ui.page.mappings.refresh(source);
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

  /** Opens a source's page (id null: a new source of `kind`, 'ldap' unless said) on a tab. */
  function openSource(id, tab, kind) {
    var source = id ? sourceById(id) : null;
    ui.page = {
      id: id,
      kind: source ? kindOf(source) : kind === 'xml' ? 'xml' : 'ldap',
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
      runNote: '',
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
    if (!page.form) page.form = settingsForm(source, page.kind);

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
    var kind = KINDS[page.kind] || KINDS.ldap;
    if (!source) {
      var xml = page.kind === 'xml';
      return h('header', { class: 'ds-source-header', 'data-testid': 'source-header', 'data-kind': page.kind }, [
        h('div', { class: 'ds-source-title' }, [h('h2', { 'data-testid': 'source-title', text: xml ? 'Add an XML file' : 'Add an LDAP directory' })]),
        h('p', {
          class: 'ds-hint',
          text: xml
            ? 'Say where the file is and how its records are read, then save. You can test the file right away and map fields next.'
            : 'Fill in the connection and where the people are, then save. You can test the connection right away and map fields next.',
        }),
      ]);
    }
    return h('header', { class: 'ds-source-header', 'data-testid': 'source-header', 'data-source-id': source.id, 'data-kind': page.kind }, [
      h('div', { class: 'ds-source-top' }, [
        h('div', { class: 'ds-source-title' }, [
          h('h2', { 'data-testid': 'source-title', text: source.name }),
          lozenge(kind.label, 'complete', { 'data-testid': 'source-kind' }),
          source.enabled ? lozenge('Enabled', 'success', { 'data-testid': 'source-enabled' }) : lozenge('Disabled', null, { 'data-testid': 'source-enabled' }),
          h('span', { class: 'ds-muted', 'data-testid': 'source-priority', text: 'Priority ' + source.priority }),
        ]),
        h('div', { class: 'ds-source-actions' }, [
          h('div', { class: 'ds-run-buttons' }, runButtons(source, false)),
          h('div', { class: 'error ds-run-error', role: 'alert', 'data-testid': 'run-error', text: page.runError || '' }),
          page.runNote ? h('div', { class: 'ds-muted ds-run-note', role: 'status', 'data-testid': 'run-note', text: page.runNote }) : null,
        ]),
      ]),
      h('dl', { class: 'ds-facts' }, [
        h('div', {}, [h('dt', { text: kind.job }), h('dd', { 'data-testid': 'source-schedule' }, [scheduleLine(source)])]),
        page.kind === 'xml'
          ? h('div', {}, [h('dt', { text: 'File' }), h('dd', { class: 'ds-location', 'data-testid': 'source-location', 'data-location': ((source.settings || {}).location || {}).kind || null, text: locationText(source) })])
          : null,
        incrementalOn(source)
          ? h('div', {}, [h('dt', { text: 'Incremental update' }), h('dd', { 'data-testid': 'source-incremental-schedule' }, [incrementalScheduleLine(source)])])
          : null,
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

  function numberInput(name, value, attrs) {
    var all = { type: 'number', inputmode: 'numeric' };
    Object.keys(attrs || {}).forEach(function (k) {
      all[k] = attrs[k];
    });
    var input = textInput(name, value, all);
    input.className = 'text ds-number';
    return describedBy(input);
  }

  /** A number input's value: undefined when empty; a problem (for input.name) when it is not a number. */
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
   * An on/off switch: a real checkbox (role switch) drawn as a toggle, with its label and an
   * optional description. `node` to place, `input` to read.
   */
  function switchControl(name, labelText, description, checked, testId) {
    var id = nextId(name.replace(/\W/g, '-'));
    var input = h('input', { class: 'ds-switch-input', type: 'checkbox', role: 'switch', id: id, name: name, checked: !!checked, 'data-testid': testId });
    var state = h('span', { class: 'ds-switch-state', 'aria-hidden': 'true' });
    function sync() {
      state.textContent = input.checked ? 'On' : 'Off';
    }
    input.addEventListener('change', sync);
    sync();
    if (description) input.setAttribute('aria-describedby', id + '-description');
    return {
      input: input,
      sync: sync,
      node: h('div', { class: 'ds-switch-row' }, [
        h('span', { class: 'ds-switch' }, [input, h('span', { class: 'ds-switch-track', 'aria-hidden': 'true' }, [h('span', { class: 'ds-switch-thumb' })])]),
        h('span', { class: 'ds-switch-text' }, [
          h('label', { for: id, class: 'ds-switch-label' }, [labelText, ' ', state]),
          description ? h('span', { class: 'description', id: id + '-description', text: description }) : null,
          h('span', { class: 'error', 'data-error-for': name, role: 'alert' }),
        ]),
      ]),
    };
  }

  /**
   * A cron input with common presets and, for the saved value, the schedule in plain words and its
   * next run in UTC. `saved()` answers what the server said of the stored schedule:
   * {cron, description, nextRunAt, paused} or null before the source exists.
   * o: {name, value, saved, presets, defaultCron, defaultWords, emptyText, offText(), prefix, inputTestId}
   */
  function scheduleEditor(o) {
    var prefix = o.prefix || '';
    var input = describedBy(textInput(o.name, o.value, { placeholder: 'No schedule', 'data-testid': o.inputTestId, class: 'text ds-cron' }));
    var info = h('div', { class: 'ds-schedule-info', 'data-testid': prefix + 'schedule-info', 'aria-live': 'polite' });
    function sync() {
      info.textContent = '';
      var value = input.value.trim();
      var saved = o.saved();
      var off = o.offText ? o.offText() : null;
      if (off) {
        info.appendChild(h('span', { class: 'ds-muted', 'data-testid': prefix + 'schedule-off', text: off }));
      } else if (!value) {
        info.appendChild(h('span', { class: 'ds-muted', text: o.emptyText }));
      } else if (saved && value === (saved.cron || '')) {
        info.appendChild(icon('calendar'));
        info.appendChild(h('strong', { 'data-testid': prefix + 'schedule-description', text: saved.description || value }));
        if (saved.paused) {
          info.appendChild(h('span', { class: 'ds-muted', 'data-testid': prefix + 'schedule-next-run', text: saved.paused }));
        } else if (saved.nextRunAt) {
          info.appendChild(h('span', { 'data-testid': prefix + 'schedule-next-run', title: localTime(saved.nextRunAt) + ' in your time zone', text: 'Next run ' + utcTime(saved.nextRunAt) + ' (' + relative(saved.nextRunAt) + ')' }));
        } else {
          info.appendChild(h('span', { class: 'ds-muted', 'data-testid': prefix + 'schedule-unsaved', text: 'Save to see when it runs next.' }));
        }
      } else if (value === o.defaultCron && !saved) {
        info.appendChild(icon('calendar'));
        info.appendChild(h('strong', { text: o.defaultWords }));
        info.appendChild(h('span', { class: 'ds-muted', text: 'The default. Save to see the next run.' }));
      } else {
        info.appendChild(h('span', { class: 'ds-muted', 'data-testid': prefix + 'schedule-unsaved', text: 'Save to see this schedule in plain words and when it runs next.' }));
      }
      Rollcall.resize();
    }
    input.addEventListener('input', sync);
    sync();
    var presets = h(
      'div',
      { class: 'ds-presets', role: 'group', 'aria-label': 'Common schedules' },
      [h('span', { class: 'ds-muted', text: 'Common: ' })].concat(
        o.presets.map(function (p) {
          return h('button', {
            class: 'aui-button aui-button-link ds-link-button',
            type: 'button',
            'data-testid': prefix + 'schedule-preset',
            title: p.cron,
            text: p.label,
            on: {
              click: function () {
                input.value = p.cron;
                sync();
                input.focus();
              },
            },
          });
        }),
      ),
    );
    return { input: input, info: info, presets: presets, sync: sync };
  }

  /**
   * A password, write-only: a set password is never shown or prefilled. "Change password" reveals
   * an empty input; "Remove" clears it on save (null). The LDAP bind password by default; o names
   * another: {name, label, inputTestId, setText, removedText, rebindText}. rebindText says which
   * changes make the server drop the stored password (it never follows the settings elsewhere).
   */
  function passwordField(hasPassword, o) {
    o = o || {};
    var fieldName = o.name || 'bindPassword';
    var mode = hasPassword ? 'keep' : 'set'; // keep | change | remove | set
    var input = h('input', { class: 'text', type: 'password', id: nextId(o.name ? fieldName : 'bind-password'), name: fieldName, autocomplete: 'new-password', 'data-testid': o.inputTestId || 'bind-password' });
    var body = h('div', { class: 'ds-password', 'data-testid': 'password-field' });
    var error = h('div', { class: 'error', 'data-error-for': fieldName, role: 'alert' });
    var label = h('label', { for: input.id, text: o.label || 'Bind password' });

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
        body.appendChild(
          h('div', {
            class: 'description',
            'data-testid': 'password-rebind',
            text: o.rebindText || 'Changing the server (URL, StartTLS, CA certificate) or the bind DN requires the password again: the stored one is removed when you save without it.',
          }),
        );
      } else if (mode === 'remove') {
        body.appendChild(
          h('div', { class: 'ds-password-state ds-password-removed', 'data-testid': 'password-removed' }, [
            icon('unlock'),
            h('span', { text: o.removedText || 'The password is removed when you save: Rollcall then binds without one.' }),
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
          body.appendChild(h('div', { class: 'description', text: o.setText || 'Write-only: Rollcall stores it encrypted and never shows it again. Leave empty to bind anonymously.' }));
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

  /** The settings form of a source (or of a new one of `kind`): {node, showErrors, setStatus, refresh, buttons, …}. */
  function settingsForm(source, kind) {
    if ((source ? kindOf(source) : kind) === 'xml') return xmlSettingsForm(source);
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
    var pageSize = numberInput('settings.pageSize', s.pageSize !== undefined ? s.pageSize : 500, { min: '1', max: '5000', step: '1' });
    var connectTimeout = numberInput('settings.connectTimeoutMs', s.connectTimeoutMs !== undefined ? s.connectTimeoutMs : 10000, { min: '100', max: '120000', step: '100' });
    var operationTimeout = numberInput('settings.operationTimeoutMs', s.operationTimeoutMs !== undefined ? s.operationTimeoutMs : 60000, { min: '1000', max: '3600000', step: '1000' });
    var threshold = numberInput('settings.goneThresholdPercent', s.goneThresholdPercent !== undefined ? s.goneThresholdPercent : 20, { min: '0', max: '100', step: 'any' });
    var priority = numberInput('priority', source ? source.priority : '', { min: '1', max: '1000', step: '1', placeholder: creating ? 'Last' : '' });
    var enabled = checkbox('enabled', 'Enabled', 'Runs on its schedule, and its values fill profiles. A disabled source can still be tested and run by hand; its values count again once it is enabled (with the next sync).', source ? source.enabled : true);

    // Incremental synchronisation. `current` is the source as the server last presented it: a run or
    // Detect can change it while the form stays open (see refresh()).
    var current = source;
    var inc = incrementalOf(source);
    var incEnabled = switchControl(
      'incremental.enabled',
      'Incremental synchronisation',
      'Between bulk profile updates, read only the entries changed since the Last LDAP sync date: quick, even on a large directory.',
      inc.enabled,
      'incremental-enabled',
    );
    var lastSync = textInput('incremental.lastSyncDate', inc.lastSyncDate, { placeholder: 'dd-MM-yyyy HH:mm:ss', class: 'text ds-date', 'data-testid': 'last-sync-date' });
    describedBy(lastSync);
    var lastSyncState = h('div', { class: 'ds-last-sync-state', 'data-testid': 'last-sync-state', 'aria-live': 'polite' });
    var clearLastSync = h('button', {
      class: 'aui-button aui-button-link ds-link-button',
      type: 'button',
      'data-testid': 'clear-last-sync-date',
      title: 'Empty the date: the next run is a full one',
      text: 'Clear',
      on: {
        click: function () {
          lastSync.value = '';
          lastSync.dataset.touched = 'true';
          syncLastSync();
          lastSync.focus();
        },
      },
    });
    var lastSyncGroup = h('div', { class: 'field-group', 'data-field': 'incremental.lastSyncDate' }, [
      h('label', { for: lastSync.id, text: 'Last LDAP sync date' }),
      h('div', { class: 'ds-input-row' }, [lastSync, h('span', { class: 'ds-utc', 'data-testid': 'last-sync-utc', text: '(UTC)' }), clearLastSync]),
      h('div', { class: 'error', 'data-error-for': 'incremental.lastSyncDate', role: 'alert' }),
      h('div', {
        class: 'description',
        id: lastSync.id + '-description',
        text: 'dd-MM-yyyy HH:mm:ss in UTC, e.g. 23-05-2016 15:00:00. Rollcall moves it forward after each successful run; set an earlier date to re-read everyone changed since then.',
      }),
      lastSyncState,
    ]);

    var timestampAttribute = describedBy(
      h(
        'select',
        { class: 'select', id: nextId('timestamp-attribute'), name: 'incremental.timestampAttribute', 'data-testid': 'timestamp-attribute' },
        [
          h('option', { value: 'modifyTimestamp', text: 'modifyTimestamp (any LDAP server)', selected: inc.timestampAttribute !== 'whenChanged' }),
          h('option', { value: 'whenChanged', text: 'whenChanged (Active Directory)', selected: inc.timestampAttribute === 'whenChanged' }),
        ],
      ),
    );
    var overlap = numberInput('incremental.overlapMinutes', inc.overlapMinutes, { min: '0', max: '1440', step: '1', 'data-testid': 'overlap-minutes' });

    // The timestamp pattern: a preset, or one of the admin's own.
    var isPreset = TIMESTAMP_PRESETS.some(function (p) {
      return p.pattern === inc.timestampPattern;
    });
    var patternRadios = TIMESTAMP_PRESETS.map(function (p) {
      return radio('incremental.timestampPatternChoice', p.pattern, p.pattern, p.label + ', e.g. ' + p.example, p.pattern === inc.timestampPattern);
    });
    var otherPattern = radio('incremental.timestampPatternChoice', 'other', 'Another pattern', null, !isPreset);
    var patternInput = textInput('incremental.timestampPattern', isPreset ? '' : inc.timestampPattern, { placeholder: 'e.g. yyyyMMddHHmmss.SSSZ', class: 'text ds-pattern-input', 'aria-label': 'Timestamp pattern', 'data-testid': 'timestamp-pattern-input' });
    var patternOtherWrap = h('div', { class: 'ds-pattern-other' }, [
      patternInput,
      h('div', { class: 'description', text: 'yyyy MM dd HH mm ss for the date and time (UTC), S… for fraction digits, Z for the Z that marks UTC; anything else is written as it is.' }),
    ]);
    var detectButton = h('button', {
      class: 'aui-button',
      type: 'button',
      'data-testid': 'detect-pattern',
      text: 'Detect',
      disabled: creating,
      title: creating ? 'Save the directory first: Detect reads from the saved connection' : 'Read a real timestamp from the directory and choose the pattern that fits',
    });
    var detectResult = h('div', { class: 'ds-detect-result', 'data-testid': 'detect-result', role: 'status' });
    var patternGroup = h('fieldset', { class: 'group ds-wide ds-pattern', 'data-testid': 'timestamp-pattern' }, [
      h('legend', {}, [h('span', { text: 'LDAP timestamp pattern' })]),
      h('p', { class: 'ds-group-intro', text: 'How the directory writes its timestamps: incremental runs send the Last LDAP sync date this way, e.g. (modifyTimestamp>=20160523150000Z).' }),
      h(
        'div',
        { class: 'ds-pattern-options' },
        patternRadios
          .map(function (r) {
            return h('div', { class: 'ds-pattern-preset' }, [r.node]);
          })
          .concat([h('div', {}, [otherPattern.node, patternOtherWrap])]),
      ),
      h('div', { class: 'error', 'data-error-for': 'incremental.timestampPattern', role: 'alert' }),
      h('div', { class: 'ds-detect' }, [
        detectButton,
        h('span', { class: 'ds-muted', text: creating ? 'Save the directory first, then Detect reads a real timestamp from it.' : 'Reads a real timestamp from the directory and chooses the preset that writes it the same way.' }),
      ]),
      detectResult,
    ]);
    function selectedPattern() {
      var checked = patternRadios.concat([otherPattern]).filter(function (r) {
        return r.input.checked;
      })[0];
      if (!checked || checked.input.value === 'other') return patternInput.value.trim();
      return checked.input.value;
    }
    function syncPattern() {
      patternOtherWrap.hidden = !otherPattern.input.checked;
      patternGroup.setAttribute('data-value', selectedPattern());
      Rollcall.resize();
    }
    function choosePattern(pattern) {
      var preset = patternRadios.filter(function (r) {
        return r.input.value === pattern;
      })[0];
      if (preset) {
        preset.input.checked = true;
      } else {
        otherPattern.input.checked = true;
        patternInput.value = pattern;
      }
      syncPattern();
    }
    patternRadios.concat([otherPattern]).forEach(function (r) {
      r.input.addEventListener('change', function () {
        syncPattern();
        if (otherPattern.input.checked) patternInput.focus();
      });
    });
    patternInput.addEventListener('input', syncPattern);
    syncPattern();

    function syncLastSync() {
      var value = lastSync.value.trim();
      var saved = current ? incrementalOf(current).lastSyncDate : null;
      var minutes = overlap.value.trim() === '' ? DEFAULT_OVERLAP_MINUTES : overlap.value.trim();
      lastSyncState.textContent = '';
      clearLastSync.hidden = !value;
      if (value && !/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/.test(value)) {
        // Not a date yet: the server says why on save; no promise about the next run.
        lastSyncState.setAttribute('data-state', 'invalid');
      } else if (!value) {
        lastSyncState.setAttribute('data-state', 'full');
        lastSyncState.appendChild(icon('info'));
        lastSyncState.appendChild(h('span', {}, [h('strong', { text: 'Empty: the next run is a full one.' }), ' It reads every entry, then sets this date.']));
      } else if (value === saved) {
        lastSyncState.setAttribute('data-state', 'set');
        lastSyncState.appendChild(icon('calendar'));
        lastSyncState.appendChild(h('span', { text: 'The next incremental run reads the entries changed since ' + value + ' UTC, less the ' + minutes + '-minute overlap.' }));
      } else {
        lastSyncState.setAttribute('data-state', 'changed');
        lastSyncState.appendChild(icon('calendar'));
        lastSyncState.appendChild(h('span', { text: 'After you save, the next incremental run reads the entries changed since ' + value + ' UTC.' }));
      }
      Rollcall.resize();
    }
    lastSync.addEventListener('input', function () {
      lastSync.dataset.touched = 'true';
      syncLastSync();
    });
    overlap.addEventListener('input', syncLastSync);
    syncLastSync();

    var pendingSlot = h('div', { class: 'ds-wide ds-pending-slot' });
    function syncPending() {
      pendingSlot.textContent = '';
      var note = current && incEnabled.input.checked ? pendingFieldsNote(current, 'incremental-pending-fields') : null;
      if (note) pendingSlot.appendChild(note);
    }
    syncPending();

    var incDetails = h('div', { class: 'ds-wide ds-incremental-details', 'data-testid': 'incremental-details' }, [
      h('div', { class: 'ds-grid' }, [
        lastSyncGroup,
        fieldGroup('Timestamp attribute', timestampAttribute, 'Where the directory says when an entry last changed.', 'incremental.timestampAttribute'),
        patternGroup,
        fieldGroup(
          'Overlap window (minutes)',
          overlap,
          'Each run also re-reads this many minutes before the Last LDAP sync date, so changes written in the same second or under a slightly wrong server clock are not missed. Default 5.',
          'incremental.overlapMinutes',
        ),
        pendingSlot,
      ]),
    ]);

    // Schedules: the bulk profile update (full) and the incremental update, side by side.
    var fullSchedule = scheduleEditor({
      name: 'schedule',
      value: source ? source.schedule || '' : DEFAULT_SCHEDULE,
      inputTestId: 'schedule-input',
      prefix: '',
      presets: SCHEDULE_PRESETS,
      defaultCron: DEFAULT_SCHEDULE,
      defaultWords: 'Every 3 hours, on the hour',
      emptyText: 'No schedule: full syncs run only when you start one.',
      saved: function () {
        if (!current) return null;
        return { cron: current.schedule || '', description: current.scheduleDescription, nextRunAt: current.nextRunAt, paused: current.scheduleProblem || (current.enabled ? null : 'Paused while the source is disabled.') };
      },
    });
    var schedule = fullSchedule.input;
    var incSchedule = scheduleEditor({
      name: 'incremental.schedule',
      value: inc.schedule || '',
      inputTestId: 'incremental-schedule-input',
      prefix: 'incremental-',
      presets: INCREMENTAL_SCHEDULE_PRESETS,
      defaultCron: DEFAULT_INCREMENTAL_SCHEDULE,
      defaultWords: 'Every 15 minutes',
      emptyText: 'No schedule: incremental runs only when you click Run incremental sync.',
      offText: function () {
        return incEnabled.input.checked ? null : 'Off: switch incremental synchronisation on to use this schedule.';
      },
      saved: function () {
        if (!current) return null;
        var ci = incrementalOf(current);
        var paused = ci.scheduleProblem || (!current.enabled ? 'Paused while the source is disabled.' : !ci.enabled ? 'Save with incremental synchronisation on to see the next run.' : null);
        return { cron: ci.schedule || '', description: ci.scheduleDescription, nextRunAt: ci.nextRunAt, paused: paused };
      },
    });

    function syncIncremental() {
      incDetails.hidden = !incEnabled.input.checked;
      incSchedule.sync();
      syncPending();
      Rollcall.resize();
    }
    incEnabled.input.addEventListener('change', syncIncremental);
    syncIncremental();

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
        fieldGroup('Priority', priority, '1 = highest: where sources fill the same field, the higher priority wins. A new priority reaches profiles with the next sync of any source.', 'priority'),
        h('div', { class: 'ds-enabled' }, [enabled.node]),
      ], 'group-advanced'),
      group('Incremental synchronisation', 'People removed from the directory are noticed only by the bulk profile update (a full run): keep it on a schedule too.', [
        h('div', { class: 'ds-wide' }, [incEnabled.node]),
        incDetails,
      ], 'group-incremental'),
      group(
        'Schedules',
        'Both in UTC. The bulk profile update reads every entry and is the only run that notices people who left the directory, so keep it (e.g. every night) even with incremental updates on.',
        [
          h('div', { class: 'ds-schedule-col', 'data-testid': 'schedule-full' }, [
            h('h4', { class: 'ds-schedule-title', text: 'Bulk profile update (LDAP sync)' }),
            h('p', { class: 'ds-group-intro', text: 'A full sync: reads every entry, fills every mapped field and marks people who left the directory.' }),
            fieldGroup('Cron expression (UTC)', schedule, 'minute hour day-of-month month day-of-week, in UTC. Empty = only when you click Run now.', 'schedule', { extra: fullSchedule.presets }),
            fullSchedule.info,
          ]),
          h('div', { class: 'ds-schedule-col', 'data-testid': 'schedule-incremental' }, [
            h('h4', { class: 'ds-schedule-title', text: 'Incremental update' }),
            h('p', { class: 'ds-group-intro', text: 'Reads only the entries changed since the Last LDAP sync date, e.g. every 15 minutes.' }),
            fieldGroup('Cron expression (UTC)', incSchedule.input, 'Empty = only when you click Run incremental sync.', 'incremental.schedule', { extra: incSchedule.presets }),
            incSchedule.info,
          ]),
        ],
        'group-schedule',
      ),
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
      // Set on the Field mappings tab; kept as it is here (the settings go whole).
      var latest = (ui.page && ui.page.id && ui.page.source) || current;
      if (picture && latest && latest.settings && latest.settings.pictureWriteBack) settings.pictureWriteBack = true;
      [
        [pageSize, 'pageSize', 'The page size'],
        [connectTimeout, 'connectTimeoutMs', 'The connect timeout'],
        [operationTimeout, 'operationTimeoutMs', 'The operation timeout'],
        [threshold, 'goneThresholdPercent', 'The safety threshold'],
      ].forEach(function (n) {
        var value = numberValue(n[0], n[2], problems);
        if (value !== undefined) settings[n[1]] = value;
      });
      var body = { name: name.value.trim(), enabled: enabled.input.checked, schedule: schedule.value.trim() || null, settings: settings, incremental: collectIncremental(problems) };
      if (creating) body.kind = 'ldap';
      var p = numberValue(priority, 'The priority', problems);
      if (p !== undefined) body.priority = p;
      var secret = password.value();
      if (secret && typeof secret === 'object') problems.push({ path: 'bindPassword', message: secret.problem });
      else if (secret !== undefined) body.bindPassword = secret;
      if (!body.name) problems.push({ path: 'name', message: 'Give the source a name.' });
      return { body: body, problems: problems };
    }

    /** The incremental settings as PATCH/POST take them: always the whole object. */
    function collectIncremental(problems) {
      var pattern = selectedPattern();
      if (!pattern) problems.push({ path: 'incremental.timestampPattern', message: 'Enter the timestamp pattern, or choose a preset.' });
      var incremental = {
        enabled: incEnabled.input.checked,
        lastSyncDate: lastSync.value.trim() || null,
        timestampPattern: pattern,
        timestampAttribute: timestampAttribute.value,
        schedule: incSchedule.input.value.trim() || null,
      };
      var minutes = numberValue(overlap, 'The overlap window', problems);
      incremental.overlapMinutes = minutes === undefined ? DEFAULT_OVERLAP_MINUTES : minutes;
      return incremental;
    }

    /** Detect: the connection test reads a real timestamp; the preset that writes it the same way is chosen. */
    function detect() {
      var page = ui.page;
      if (!current || !page || page.id !== current.id) return;
      clearFormErrors(form);
      detectResult.textContent = '';
      detectResult.removeAttribute('data-state');
      var problems = [];
      var incremental = collectIncremental(problems);
      if (problems.length) {
        showFormErrors(form, { body: { details: problems } });
        return;
      }
      // The test reads timestamps only when the saved source has incremental sync on, with this attribute.
      var stored = incrementalOf(current);
      var needsSave = !stored.enabled || stored.timestampAttribute !== incremental.timestampAttribute;
      incremental.enabled = true;
      setBusy(detectButton, true, 'Detecting…');
      var savedNow = false;
      var path = '/rest/v1/sources/' + encodeURIComponent(current.id);
      (needsSave ? Rollcall.api('PATCH', path, { incremental: incremental }) : Promise.resolve(null))
        .then(function (saved) {
          if (saved) {
            savedNow = true;
            upsertSource(saved);
            if (ui.page === page) {
              page.source = saved;
              refresh(saved);
              render();
            }
          }
          return Rollcall.api('POST', path + '/test');
        })
        .then(function (result) {
          setBusy(detectButton, false);
          showDetected(result, savedNow);
        })
        .catch(function (error) {
          setBusy(detectButton, false);
          if (detailsOf(error).length) {
            showFormErrors(form, error);
            return;
          }
          detectResult.setAttribute('data-state', 'failed');
          detectResult.appendChild(icon('error'));
          detectResult.appendChild(h('span', { text: 'Detect could not run: ' + messageOf(error) }));
          Rollcall.resize();
        });
    }

    function showDetected(result, savedNow) {
      var found = (result && result.incremental) || {};
      detectResult.textContent = '';
      if (found.detectedPattern) {
        choosePattern(found.detectedPattern);
        var preset = TIMESTAMP_PRESETS.filter(function (p) {
          return p.pattern === found.detectedPattern;
        })[0];
        var stored = current ? incrementalOf(current).timestampPattern : null;
        detectResult.setAttribute('data-state', 'detected');
        detectResult.appendChild(icon('check-circle'));
        detectResult.appendChild(
          h('span', {}, [
            'The server writes timestamps like ',
            h('code', { 'data-testid': 'detected-server-timestamp', text: found.serverTimestamp || '' }),
            ': ',
            h('code', { 'data-testid': 'detected-pattern', text: found.detectedPattern }),
            ' writes them the same way' + (preset ? ' (' + preset.label.charAt(0).toLowerCase() + preset.label.slice(1) + ')' : '') + '. ',
            stored === found.detectedPattern ? 'It is the saved pattern.' : 'It is chosen: save to keep it.',
          ]),
        );
      } else if (found.serverTimestamp) {
        detectResult.setAttribute('data-state', 'unknown');
        detectResult.appendChild(icon('warning'));
        detectResult.appendChild(
          h('span', {}, [
            'The server writes timestamps like ',
            h('code', { 'data-testid': 'detected-server-timestamp', text: found.serverTimestamp }),
            ', which neither preset writes: choose Another pattern and enter one that does.',
          ]),
        );
      } else {
        detectResult.setAttribute('data-state', 'failed');
        detectResult.appendChild(icon('error'));
        var why = result && result.error ? result.error.message : 'the connection test read no timestamp.';
        detectResult.appendChild(h('span', { text: 'No timestamp could be read from the directory: ' + why }));
      }
      if (savedNow) {
        detectResult.appendChild(h('div', { class: 'ds-muted ds-detect-note', text: 'Incremental synchronisation was saved as on, so that Rollcall could read from the directory.' }));
      }
      Rollcall.resize();
    }
    detectButton.addEventListener('click', detect);

    /** Follows the source after a run or Detect: a date the admin has not touched, the schedules' next runs, pending fields. */
    function refresh(fresh) {
      current = fresh;
      if (!lastSync.dataset.touched) lastSync.value = incrementalOf(fresh).lastSyncDate || '';
      syncLastSync();
      fullSchedule.sync();
      incSchedule.sync();
      syncPending();
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
      refresh: refresh,
      buttons: [save, saveAndTest],
    };
  }

  /**
   * The settings form of an XML source: where the file is (uploaded here, a file in the server's
   * import directory, or an HTTPS URL with an optional user and write-only password), the record
   * element and the match key, the safety threshold, the bulk profile update's schedule, enabled and
   * priority. A chosen file is sent once the source is saved (saveSource asks pendingUpload()).
   */
  function xmlSettingsForm(source) {
    var creating = !source;
    // The source as the server last presented it (a run can change it while the form stays open).
    var current = source;
    var s = (source && source.settings) || {};
    var location = s.location || { kind: 'upload' };

    var name = textInput('name', source ? source.name : '', { maxlength: '100', required: true, placeholder: 'e.g. HR export', 'data-testid': 'source-name-input' });

    // Where the file is: one of three, each with its own inputs.
    var locationRadios = LOCATION_CHOICES.map(function (c) {
      var r = radio('settings.location.kind', c.value, c.label, c.description, c.value === (location.kind || 'upload'));
      r.input.setAttribute('data-testid', 'location-kind-' + c.value);
      return r;
    });
    function selectedLocation() {
      var checked = locationRadios.filter(function (r) {
        return r.input.checked;
      })[0];
      return checked ? checked.input.value : 'upload';
    }

    // (a) Upload: the stored file, and a file input for a first or a new one.
    var stored = (source && source.file) || null;
    var replacing = !stored;
    var fileInput = h('input', { class: 'upfile', type: 'file', id: nextId('xml-file'), name: 'file', accept: '.xml,application/xml,text/xml', 'data-testid': 'xml-file' });
    var chosen = h('div', { class: 'ds-file-chosen', 'data-testid': 'xml-file-chosen', 'aria-live': 'polite' });
    var fileError = h('div', { class: 'error', 'data-error-for': 'file', role: 'alert' });
    var replaceButton = null;
    var keepFile = null;
    var storedBox = null;
    if (stored) {
      replaceButton = button('Replace file', { class: 'aui-button-compact', 'data-testid': 'replace-file', title: 'Choose a new export: it replaces this file when you save' }, function () {
        replacing = true;
        syncFile();
        fileInput.focus();
      }, 'upload');
      keepFile = h('button', {
        class: 'aui-button aui-button-link ds-link-button',
        type: 'button',
        'data-testid': 'keep-file',
        text: 'Keep the current file',
        on: {
          click: function () {
            replacing = false;
            fileInput.value = '';
            showChosen();
            syncFile();
            replaceButton.focus();
          },
        },
      });
      storedBox = h('div', { class: 'ds-file-stored', 'data-testid': 'xml-stored-file' }, [
        icon('file'),
        h('span', { class: 'ds-file-facts' }, [
          h('strong', { class: 'ds-file-name', 'data-testid': 'xml-file-name', text: stored.name }),
          h('span', { class: 'ds-muted', 'data-testid': 'xml-file-size', text: fileSize(stored.size) }),
          h('span', { class: 'ds-muted', 'data-testid': 'xml-file-uploaded' }, ['Uploaded ' + localTime(stored.uploadedAt) + ' (', timeElement(stored.uploadedAt, 'xml-file-uploaded-at'), ')']),
        ]),
        replaceButton,
      ]);
    }
    var pick = h('div', { class: 'field-group ds-file-pick', 'data-testid': 'xml-file-pick', 'data-field': 'file' }, [
      h('label', { for: fileInput.id, text: stored ? 'New file' : 'XML file' }),
      fileInput,
      chosen,
      h('div', { class: 'description', id: fileInput.id + '-description' }, [
        stored ? 'It replaces the current file when you save. ' : 'Sent when you save, and kept on the server for scheduled runs until you replace it. ',
        keepFile,
      ]),
      fileError,
    ]);
    fileInput.setAttribute('aria-describedby', fileInput.id + '-description');
    var uploadPanel = h('div', { class: 'ds-location-panel', 'data-testid': 'location-upload-panel' }, [
      storedBox || h('p', { class: 'ds-muted ds-no-file', 'data-testid': 'xml-no-file', text: creating ? 'No file yet: choose the export below.' : 'No file has been uploaded yet: choose the export below and save.' }),
      pick,
    ]);
    function showChosen() {
      chosen.textContent = '';
      fileError.textContent = '';
      fileInput.removeAttribute('aria-invalid');
      var file = fileInput.files && fileInput.files[0];
      if (file) {
        chosen.appendChild(icon('file'));
        chosen.appendChild(h('span', {}, [h('strong', { 'data-testid': 'xml-file-chosen-name', text: file.name }), ' · ' + fileSize(file.size) + ' · uploaded when you save']));
      }
      Rollcall.resize();
    }
    function syncFile() {
      if (replaceButton) replaceButton.hidden = replacing;
      pick.hidden = !replacing;
      Rollcall.resize();
    }
    fileInput.addEventListener('change', showChosen);
    syncFile();

    // (b) A file on the server, inside its import directory.
    var pathInput = describedBy(textInput('settings.location.path', location.kind === 'path' ? location.path : '', { placeholder: 'e.g. hr/identities.xml', 'data-testid': 'location-path' }));
    var pathPanel = h('div', { class: 'ds-location-panel', 'data-testid': 'location-path-panel' }, [
      fieldGroup(
        'Path in the import directory',
        pathInput,
        (state.importDirectory ? 'Relative to this site’s import directory on the server, ' + state.importDirectory + ', e.g. hr/identities.xml.' : 'The server reads no files by path (it has no XML_IMPORT_DIR): upload the file instead.') +
          ' Only files inside that directory can be read, without ../ or links.',
        'settings.location.path',
        { required: true },
      ),
    ]);

    // (c) An HTTPS URL, with an optional user and a write-only password.
    var urlInput = describedBy(textInput('settings.location.url', location.kind === 'url' ? location.url : '', { placeholder: 'https://hr.example.com/export/identities.xml', inputmode: 'url', 'data-testid': 'location-url' }));
    var userInput = describedBy(textInput('settings.location.username', location.kind === 'url' ? location.username : '', { placeholder: 'Optional', 'data-testid': 'location-username' }));
    var password = passwordField(!!(source && source.hasPassword), {
      name: 'password',
      label: 'Password',
      inputTestId: 'url-password',
      setText: 'Write-only: Rollcall stores it encrypted and never shows it again. Sent with the user; leave empty if the URL needs none.',
      removedText: 'The password is removed when you save: Rollcall then sends the user without one.',
      rebindText: 'Changing the URL or the user requires the password again: the stored one is removed when you save without it.',
    });
    var urlPanel = h('div', { class: 'ds-location-panel', 'data-testid': 'location-url-panel' }, [
      h('div', { class: 'ds-grid' }, [
        fieldGroup('HTTPS URL', urlInput, 'https:// only. Rollcall downloads the file on every run and does not follow redirects.', 'settings.location.url', { required: true, wide: true }),
        fieldGroup('User', userInput, 'Only if the server asks for one (HTTP Basic authentication).', 'settings.location.username'),
        password.node,
      ]),
    ]);

    var panels = { upload: uploadPanel, path: pathPanel, url: urlPanel };
    var locationGroup = h('fieldset', { class: 'group ds-wide ds-location', 'data-testid': 'xml-location' }, [
      h('legend', {}, [h('span', { text: 'Where the file is' })]),
      h(
        'div',
        { class: 'ds-location-options' },
        locationRadios.map(function (r) {
          return r.node;
        }),
      ),
      h('div', { class: 'error', 'data-error-for': 'settings.location', role: 'alert' }),
      uploadPanel,
      pathPanel,
      urlPanel,
    ]);
    function syncLocation() {
      var kind = selectedLocation();
      Object.keys(panels).forEach(function (k) {
        panels[k].hidden = k !== kind;
      });
      locationGroup.setAttribute('data-location', kind);
      Rollcall.resize();
    }
    locationRadios.forEach(function (r) {
      r.input.addEventListener('change', syncLocation);
    });
    syncLocation();

    // Records: the record element, with the shape of an export; the match key and what it holds.
    var recordPath = describedBy(textInput('settings.recordPath', s.recordPath || 'identities/identity', { placeholder: 'identities/identity', 'data-testid': 'record-path' }));
    var example = h('div', { class: 'ds-wide ds-xml-example', 'data-testid': 'xml-example' }, [
      h('p', { class: 'ds-group-intro', text: 'For an export like this one, the record element is identities/identity and the match key element mail; department and team are mapped to profile fields on the Field mappings tab.' }),
      h('pre', { class: 'ds-xml', 'aria-label': 'An example of an XML export' }, [h('code', { text: XML_EXAMPLE })]),
    ]);
    var matchPath = describedBy(textInput('settings.matchPath', s.matchPath || (s.matchBy === 'accountId' ? '' : 'mail'), { placeholder: 'mail', 'data-testid': 'match-path' }));
    var byEmail = radio('settings.matchBy', 'email', 'An email address', 'Matched with the Confluence account’s email, ignoring case.', s.matchBy !== 'accountId');
    var byAccountId = radio('settings.matchBy', 'accountId', 'An Atlassian account id', 'Matched with the account id itself, e.g. 5b10ac8d82e05b22cc7d4ef5.', s.matchBy === 'accountId');
    byEmail.input.setAttribute('data-testid', 'match-by-email');
    byAccountId.input.setAttribute('data-testid', 'match-by-account-id');
    function syncMatch() {
      var accountId = byAccountId.input.checked;
      matchPath.placeholder = accountId ? 'e.g. @accountId' : 'mail';
      if (accountId && matchPath.value === 'mail') matchPath.value = '';
      if (!accountId && !matchPath.value) matchPath.value = 'mail';
    }
    byEmail.input.addEventListener('change', syncMatch);
    byAccountId.input.addEventListener('change', syncMatch);
    var matchGroup = h('fieldset', { class: 'group ds-wide ds-match', 'data-testid': 'xml-match' }, [
      h('legend', {}, [h('span', { text: 'Account matching' })]),
      h('p', { class: 'ds-group-intro', text: 'How a record finds its Confluence account.' }),
      fieldGroup('Match key element', matchPath, 'The element or attribute of each record that holds its key: e.g. mail, or @id for <identity id="…">.', 'settings.matchPath'),
      h('p', { class: 'ds-match-holds', text: 'It holds' }),
      h('div', { class: 'ds-match-options' }, [byEmail.node, byAccountId.node]),
      h('div', { class: 'error', 'data-error-for': 'settings.matchBy', role: 'alert' }),
    ]);

    // Advanced
    var threshold = numberInput('settings.goneThresholdPercent', s.goneThresholdPercent !== undefined ? s.goneThresholdPercent : 20, { min: '0', max: '100', step: 'any' });
    var priority = numberInput('priority', source ? source.priority : '', { min: '1', max: '1000', step: '1', placeholder: creating ? 'Last' : '' });
    var enabled = checkbox('enabled', 'Enabled', 'Runs on its schedule, and its values fill profiles. A disabled source can still be tested and run by hand; its values count again once it is enabled (with the next sync).', source ? source.enabled : true);

    // The bulk profile update's schedule.
    var fullSchedule = scheduleEditor({
      name: 'schedule',
      value: source ? source.schedule || '' : DEFAULT_SCHEDULE,
      inputTestId: 'schedule-input',
      prefix: '',
      presets: SCHEDULE_PRESETS,
      defaultCron: DEFAULT_SCHEDULE,
      defaultWords: 'Every 3 hours, on the hour',
      emptyText: 'No schedule: the file is read only when you click Run now.',
      saved: function () {
        if (!current) return null;
        return { cron: current.schedule || '', description: current.scheduleDescription, nextRunAt: current.nextRunAt, paused: current.scheduleProblem || (current.enabled ? null : 'Paused while the source is disabled.') };
      },
    });
    var schedule = fullSchedule.input;

    var formError = h('div', { class: 'error ds-form-error', 'data-error-for': '_form', role: 'alert' });
    var status = h('div', { class: 'ds-form-status', 'data-testid': 'form-status', role: 'status' });
    var save = h('button', { class: 'aui-button aui-button-primary', type: 'submit', 'data-testid': 'save-source', text: creating ? 'Add XML source' : 'Save' });
    var saveAndTest = h('button', { class: 'aui-button', type: 'button', 'data-testid': 'save-and-test', text: 'Save and test' });

    var form = h('form', { class: 'aui top-label ds-form', novalidate: true, 'data-testid': 'source-form', 'data-mode': creating ? 'add' : 'edit', 'data-kind': 'xml', 'aria-label': creating ? 'Add an XML file' : 'Settings of ' + source.name }, [
      formError,
      group('File', 'Where Rollcall reads the export from: it reads the whole file on every run.', [fieldGroup('Name', name, null, 'name', { required: true }), locationGroup], 'group-file'),
      group('Records', 'Which element is one person, and how each finds its Confluence account.', [
        fieldGroup('Record element', recordPath, 'The element that holds one person, as a path of element names from the root: identities/identity, or just identity.', 'settings.recordPath', { required: true }),
        example,
        matchGroup,
      ], 'group-records'),
      group('Advanced', null, [
        fieldGroup('Safety threshold (%)', threshold, 'A run stops before marking more than this share of known people as gone from the file (default 20).', 'settings.goneThresholdPercent'),
        fieldGroup('Priority', priority, '1 = highest: where sources fill the same field, the higher priority wins. A new priority reaches profiles with the next sync of any source.', 'priority'),
        h('div', { class: 'ds-enabled' }, [enabled.node]),
      ], 'group-advanced'),
      group('Schedule', 'In UTC.', [
        h('div', { class: 'ds-schedule-col ds-wide', 'data-testid': 'schedule-full' }, [
          h('h4', { class: 'ds-schedule-title', text: KINDS.xml.job }),
          h('p', { class: 'ds-group-intro', text: 'Reads the whole file, fills every mapped field and marks people who are no longer in it.' }),
          fieldGroup('Cron expression (UTC)', schedule, 'minute hour day-of-month month day-of-week, in UTC. Empty = only when you click Run now.', 'schedule', { extra: fullSchedule.presets }),
          fullSchedule.info,
        ]),
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

    /** The file to send after the save: chosen, and the source reads an upload. */
    function pendingUpload() {
      if (selectedLocation() !== 'upload' || !replacing) return null;
      return (fileInput.files && fileInput.files[0]) || null;
    }

    function collect() {
      var problems = [];
      var kind = selectedLocation();
      var where = { kind: kind };
      if (kind === 'path') {
        where.path = pathInput.value.trim();
        if (!where.path) problems.push({ path: 'settings.location.path', message: 'Enter the file’s path in the import directory.' });
      } else if (kind === 'url') {
        where.url = urlInput.value.trim();
        if (!where.url) problems.push({ path: 'settings.location.url', message: 'Enter the file’s https:// URL.' });
        var user = userInput.value.trim();
        if (user) where.username = user;
      } else {
        var file = pendingUpload();
        if (file && !file.size) problems.push({ path: 'file', message: 'The file is empty: choose the export itself.' });
      }
      var settings = {
        location: where,
        recordPath: recordPath.value.trim(),
        matchPath: matchPath.value.trim(),
        matchBy: byAccountId.input.checked ? 'accountId' : 'email',
      };
      if (!settings.recordPath) problems.push({ path: 'settings.recordPath', message: 'Enter the record element, e.g. identities/identity.' });
      if (!settings.matchPath) problems.push({ path: 'settings.matchPath', message: 'Enter the element or attribute holding the match key, e.g. mail.' });
      var percent = numberValue(threshold, 'The safety threshold', problems);
      if (percent !== undefined) settings.goneThresholdPercent = percent;
      var body = { name: name.value.trim(), enabled: enabled.input.checked, schedule: schedule.value.trim() || null, settings: settings };
      if (creating) body.kind = 'xml';
      var p = numberValue(priority, 'The priority', problems);
      if (p !== undefined) body.priority = p;
      // The URL's password goes only with a URL (the stored one stays while another location is chosen).
      if (kind === 'url') {
        var secret = password.value();
        if (secret && typeof secret === 'object') problems.push({ path: 'password', message: secret.problem });
        else if (secret !== undefined) body.password = secret;
      }
      if (!body.name) problems.push({ path: 'name', message: 'Give the source a name.' });
      return { body: body, problems: problems };
    }

    function refresh(fresh) {
      current = fresh;
      fullSchedule.sync();
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
      /** After a save whose file did not go through: says why next to the file input. */
      showFileError: function (message) {
        replacing = true;
        syncFile();
        addError(fileError, message);
        Rollcall.resize();
      },
      pendingUpload: pendingUpload,
      refresh: refresh,
      buttons: [save, saveAndTest],
    };
  }

  /**
   * POST (a new source) or PATCH, then, for an XML source with a chosen file, PUT the file: the
   * source exists by then, so a file that does not go through is reported next to the file input.
   */
  function saveSource(body, andTest, trigger) {
    var page = ui.page;
    var form = page.form;
    form.buttons.forEach(function (b) {
      b.disabled = true;
    });
    setBusy(trigger, true, 'Saving…');
    var creating = !page.id;
    var file = form.pendingUpload ? form.pendingUpload() : null;
    var uploadError = '';
    var request = creating ? Rollcall.api('POST', '/rest/v1/sources', body) : Rollcall.api('PATCH', '/rest/v1/sources/' + encodeURIComponent(page.id), body);
    request
      .then(function (source) {
        if (ui.page !== page || !file) return source;
        // Saved: the page is the source's now, whatever becomes of the file.
        upsertSource(source);
        page.id = source.id;
        if (trigger.firstChild && trigger.firstChild.nodeType === 3) trigger.firstChild.nodeValue = 'Uploading…';
        return uploadFile(source.id, file).catch(function (error) {
          // A 413 is the file's size (payload_too_large) or the site's quota (quota_exceeded, whose message says so).
          uploadError = codeOf(error) === 'payload_too_large' ? 'at ' + fileSize(file.size) + ', it is larger than the server accepts (XML_MAX_BYTES).' : messageOf(error);
          return source;
        });
      })
      .then(function (source) {
        if (ui.page !== page) return;
        upsertSource(source);
        var xml = kindOf(source) === 'xml';
        var before = page.source && page.source.settings ? page.source.settings.pictureAttribute : undefined;
        page.id = source.id;
        page.source = source;
        // The Field mappings tab shows the picture attribute's write-back: rebuilt when it changed.
        if (page.mappings && before !== (source.settings || {}).pictureAttribute) page.mappings = null;
        // A fresh form from what the server kept (trimmed, defaults filled, password state, the file).
        page.form = settingsForm(source);
        // The test reads the file: not without the one the admin just chose.
        var testing = andTest && !uploadError;
        page.test = testing ? { tab: 'settings', pending: true } : uploadError ? null : page.test;
        ui.focus = '[data-testid="' + (andTest ? 'save-and-test' : 'save-source') + '"]';
        render();
        if (xml) {
          var words = creating ? 'XML source added.' : 'Saved.';
          if (file && !uploadError) words += ' ' + file.name + ' uploaded.';
          if (creating) words += ' Next: map profile fields on the Field mappings tab.';
          page.form.setStatus(words);
          if (uploadError) page.form.showFileError('The source was saved, but the file was not uploaded: ' + uploadError);
          announce(creating ? 'XML source ' + source.name + ' added.' : 'Settings saved.');
        } else {
          var full = incrementalOn(source) && !incrementalOf(source).lastSyncDate ? ' The Last LDAP sync date is empty: the next run is a full one.' : '';
          page.form.setStatus((creating ? 'Directory added. Next: map profile fields on the Field mappings tab.' : 'Saved.') + full);
          announce(creating ? 'Directory ' + source.name + ' added.' : 'Settings saved.');
        }
        if (testing) testConnection('settings');
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
        var what = page.kind === 'xml' ? 'File test' : 'Connection test';
        announce(what + (result.ok ? ' passed.' : ' failed.'));
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
    var xml = !!ui.page && ui.page.kind === 'xml';
    if (test.pending) {
      return h('section', { class: 'ds-test', 'data-testid': 'test-result', 'data-state': 'pending', 'aria-busy': 'true' }, [
        h('h3', { class: 'ds-test-title' }, [h('span', { class: 'rc-spinner', 'aria-hidden': 'true' }), xml ? ' Reading the file…' : ' Testing the connection…']),
      ]);
    }
    if (test.error) {
      return h('section', { class: 'ds-test', 'data-testid': 'test-result', 'data-state': 'error' }, [
        h('div', { class: 'aui-message aui-message-error' }, [h('p', { class: 'title' }, [h('strong', { text: 'The test could not run' })]), h('p', { text: test.error })]),
      ]);
    }
    var result = test.result;
    if (xml) return xmlTestPanel(result);
    var steps = result.steps || [];
    var byStep = {};
    steps.forEach(function (s) {
      byStep[s.step] = s;
    });
    var list = h('ol', { class: 'ds-steps', 'data-testid': 'test-steps' });
    // The incremental step runs only with incremental sync on (in the saved source).
    var withIncremental = !!byStep.incremental || !!result.incremental || incrementalOn(ui.page && ui.page.source);
    STEPS.filter(function (key) {
      return key !== 'incremental' || withIncremental;
    }).forEach(function (key) {
      var step = byStep[key];
      list.appendChild(stepItem(key, STEP_LABELS[key], step ? (step.ok ? 'ok' : 'failed') : 'skipped', step ? step.detail : null, step ? duration(step.ms) : null));
    });

    var children = [
      h('div', { class: 'ds-test-header' }, [
        h('h3', { class: 'ds-test-title', text: 'Connection test' }),
        result.ok ? lozenge('Passed', 'success', { 'data-testid': 'test-outcome' }) : lozenge('Failed', 'error', { 'data-testid': 'test-outcome' }),
        result.searchBase ? h('span', { class: 'ds-muted ds-test-base' }, ['Searching ', dnCode(result.searchBase, { 'data-testid': 'test-search-base' }), result.filter ? ' for ' : null, result.filter ? h('code', { text: result.filter }) : null]) : null,
      ]),
      list,
    ];

    if (result.incremental) children.push(testIncremental(result.incremental));
    if (!result.ok && result.error) children.push(testFailure(result.error));
    if (result.ok) children.push(testSuccess(result));
    return h('section', { class: 'ds-test' + (result.ok ? ' ds-test-ok' : ' ds-test-failed'), 'data-testid': 'test-result', 'data-state': result.ok ? 'passed' : 'failed', 'aria-label': 'Connection test' }, children);
  }

  /** One step of a test: stateName ok | failed | skipped; ms (text) only for a step that ran and was timed. */
  function stepItem(key, label, stateName, detail, ms) {
    return h('li', { class: 'ds-step ds-step-' + stateName, 'data-testid': 'test-step', 'data-step': key, 'data-ok': stateName === 'skipped' ? null : String(stateName === 'ok') }, [
      h('span', { class: 'ds-step-mark', 'aria-hidden': 'true', text: stateName === 'ok' ? '✓' : stateName === 'failed' ? '✗' : '–' }),
      h('span', { class: 'ds-step-body' }, [
        h('span', { class: 'ds-step-head' }, [
          h('strong', { class: 'ds-step-label', 'data-testid': 'test-step-label', text: label }),
          h('span', { class: 'assistive', text: stateName === 'ok' ? ' passed' : stateName === 'failed' ? ' failed' : ' not run' }),
          ms !== null && ms !== undefined ? h('span', { class: 'ds-step-ms', 'data-testid': 'test-step-ms', text: ms }) : null,
        ]),
        h('span', { class: 'ds-step-detail', 'data-testid': 'test-step-detail', text: stateName === 'skipped' ? 'Not run: an earlier step failed.' : detail }),
      ]),
    ]);
  }

  /** What an incremental run would do: the exact filter it sends, or that the next run is full; the server's timestamps. */
  function testIncremental(found) {
    var lines = [];
    if (found.filter) {
      lines.push(h('p', { 'data-testid': 'test-incremental-next' }, [h('strong', { text: 'An incremental run would send: ' }), h('code', { 'data-testid': 'test-incremental-filter', text: found.filter })]));
    } else {
      lines.push(
        h('p', { 'data-testid': 'test-incremental-next' }, [
          h('strong', { 'data-testid': 'test-incremental-full', text: 'The next run is full:' }),
          ' there is no Last LDAP sync date yet, so it reads every entry and then sets one.',
        ]),
      );
    }
    if (found.serverTimestamp) {
      lines.push(
        h('p', { class: 'ds-muted' }, [
          'The server writes timestamps like ',
          h('code', { 'data-testid': 'test-server-timestamp', text: found.serverTimestamp }),
          found.detectedPattern ? ', as the pattern ' : '',
          found.detectedPattern ? h('code', { text: found.detectedPattern }) : '',
          found.detectedPattern ? ' does.' : ', which neither preset writes.',
        ]),
      );
    }
    return h('div', { class: 'ds-test-incremental', 'data-testid': 'test-incremental' }, lines);
  }

  function testFailure(error) {
    var stepName = ERROR_STEP_LABELS[error.step] || error.step;
    var causes = error.usualCauses || [];
    var checklist = error.step === 'incremental' ? INCREMENTAL_CHECKLIST.concat(CHECKLIST) : CHECKLIST;
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
          checklist.map(function (c) {
            return h('li', {}, [h('strong', { text: c[0] + ': ' }), c[1]]);
          }),
        ),
      ]),
    ]);
  }

  /** The field keys the samples have values for, in the order of the fields. */
  function sampleKeys(samples) {
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
    return keys;
  }

  function testSuccess(result) {
    var samples = result.samples || [];
    var keys = sampleKeys(samples);
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

  /**
   * The XML source's test: the file read (name, size), the records counted, duplicate match keys
   * with their places, and the first five records as Rollcall maps them; or the failing step (read,
   * parse) with the message and, for a parse error, the line and column.
   */
  function xmlTestPanel(result) {
    var error = result.ok ? null : result.error || { step: 'read', message: 'The test failed without saying why.' };
    var failed = error ? error.step : null;
    var file = result.file || null;
    var records = typeof result.records === 'number' ? result.records : 0;
    var duplicates = result.duplicates || [];
    var samples = result.samples || [];
    var source = ui.page && ui.page.source;
    var recordPath = (source && source.settings && source.settings.recordPath) || 'identities/identity';
    var readState = failed === 'read' ? 'failed' : 'ok';
    var parseState = failed === 'read' ? 'skipped' : failed ? 'failed' : 'ok';
    var list = h('ol', { class: 'ds-steps', 'data-testid': 'test-steps' }, [
      stepItem('read', XML_STEP_LABELS.read, readState, readState === 'failed' ? error.message : file ? file.name + ', ' + fileSize(file.size) : null),
      stepItem(
        'parse',
        XML_STEP_LABELS.parse,
        parseState,
        parseState === 'failed'
          ? xmlErrorMessage(error) + (typeof error.line === 'number' ? ' (' + xmlPosition(error) + ')' : '')
          : plural(records, 'record', 'records') + ' under ' + recordPath + (duplicates.length ? ' · ' + plural(duplicates.length, 'duplicate match key', 'duplicate match keys') : ''),
      ),
      stepItem('samples', XML_STEP_LABELS.samples, failed ? 'skipped' : 'ok', samples.length ? 'The first ' + plural(samples.length, 'record', 'records') + ' mapped' : 'No record to map'),
    ]);
    var children = [
      h('div', { class: 'ds-test-header' }, [
        h('h3', { class: 'ds-test-title', text: 'File test' }),
        result.ok ? lozenge('Passed', 'success', { 'data-testid': 'test-outcome' }) : lozenge('Failed', 'error', { 'data-testid': 'test-outcome' }),
        file
          ? h('span', { class: 'ds-muted ds-test-base', 'data-testid': 'test-file' }, [
              'Read ',
              h('code', { 'data-testid': 'test-file-name', text: file.name }),
              ', ',
              h('span', { 'data-testid': 'test-file-size', 'data-bytes': String(file.size), text: fileSize(file.size) }),
            ])
          : null,
      ]),
      list,
    ];
    if (error) children.push(xmlTestFailure(error));
    else children.push(xmlTestSuccess(records, duplicates, samples, recordPath));
    return h('section', { class: 'ds-test ds-test-xml' + (result.ok ? ' ds-test-ok' : ' ds-test-failed'), 'data-testid': 'test-result', 'data-state': result.ok ? 'passed' : 'failed', 'aria-label': 'File test' }, children);
  }

  /**
   * A test error's message without the position, which the page shows on a line of its own: the
   * server's message ends with "(line L, column C)", and the parser's "L:C: " may lead it.
   */
  function xmlErrorMessage(error) {
    var message = error.message || '';
    if (typeof error.line !== 'number') return message;
    var suffix = ' (line ' + error.line + ', column ' + error.column + ')';
    if (message.length > suffix.length && message.slice(-suffix.length) === suffix) message = message.slice(0, -suffix.length);
    message = message.replace(/^\d+:\d+: /, '');
    return message.charAt(0).toUpperCase() + message.slice(1);
  }

  /** "line 3, column 46" */
  function xmlPosition(error) {
    return 'line ' + error.line + (error.column !== undefined && error.column !== null ? ', column ' + error.column : '');
  }

  function xmlTestFailure(error) {
    var hasPosition = typeof error.line === 'number';
    var message = xmlErrorMessage(error);
    var source = ui.page && ui.page.source;
    var where = (source && source.settings && source.settings.location && source.settings.location.kind) || 'upload';
    var checklist = error.step === 'parse' ? XML_PARSE_CHECKLIST : XML_READ_CHECKLIST[where] || XML_READ_CHECKLIST.upload;
    return h('div', { class: 'aui-message aui-message-error ds-test-error', 'data-testid': 'test-error', 'data-step': error.step }, [
      h('p', { class: 'title' }, [
        h('strong', { 'data-testid': 'test-error-title', text: error.step === 'parse' ? 'The parse step failed: the file is not XML Rollcall can read' : 'The read step failed: Rollcall could not get the file' }),
      ]),
      h('p', { class: 'ds-test-error-message', 'data-testid': 'test-error-message', text: message }),
      hasPosition
        ? h('p', { class: 'ds-test-error-position', 'data-testid': 'test-error-position', 'data-line': String(error.line), 'data-column': String(error.column) }, [
            'Where: ',
            h('strong', { text: xmlPosition(error) }),
          ])
        : null,
      h('div', { class: 'ds-checklist', 'data-testid': 'test-checklist' }, [
        h('p', { class: 'ds-causes-title' }, [h('strong', { text: 'Check' })]),
        h(
          'ul',
          {},
          checklist.map(function (c) {
            return h('li', {}, [h('strong', { text: c[0] + ': ' }), c[1]]);
          }),
        ),
      ]),
    ]);
  }

  function xmlTestSuccess(records, duplicates, samples, recordPath) {
    var keys = sampleKeys(samples);
    var summary = h('div', { class: 'aui-message ' + (records ? 'aui-message-success' : 'aui-message-warning') + ' ds-test-summary', 'data-testid': 'test-summary' }, [
      h('p', { class: 'title' }, [h('strong', { 'data-testid': 'test-records', 'data-count': String(records), text: plural(records, 'record', 'records') + ' in the file' })]),
      h('p', {
        text: samples.length
          ? 'The first ' + plural(samples.length, 'record', 'records') + ' as Rollcall would read ' + (samples.length === 1 ? 'it' : 'them') + ':'
          : 'No ' + recordPath + ' element was found: check the record element on the Settings tab.',
      }),
    ]);
    var out = [summary];
    if (duplicates.length) {
      out.push(
        h('div', { class: 'aui-message aui-message-warning ds-test-duplicates', 'data-testid': 'test-duplicates' }, [
          h('p', { class: 'title' }, [h('strong', { 'data-testid': 'test-duplicates-title', text: plural(duplicates.length, 'match key appears', 'match keys appear') + ' more than once' })]),
          h('p', { text: 'A run skips every record whose key appears more than once and lists them in the sync report: correct the export so that each person appears once.' }),
          h(
            'ul',
            { class: 'ds-duplicates' },
            duplicates.map(function (d) {
              return h('li', { 'data-testid': 'test-duplicate' }, [
                h('code', { 'data-testid': 'test-duplicate-key', text: d.key }),
                ' at ',
                h('span', { 'data-testid': 'test-duplicate-places', text: (d.places || []).join(', ') }),
              ]);
            }),
          ),
        ]),
      );
    }
    if (!samples.length) return h('div', { class: 'ds-test-success' }, out);
    var head = h('tr', {}, [h('th', { scope: 'col', text: 'Record' }), h('th', { scope: 'col', text: 'Match key' })].concat(
      keys.map(function (k) {
        var field = fieldByKey(k);
        return h('th', { scope: 'col', 'data-field-key': k, text: field ? field.label : k });
      }),
    ));
    var body = h('tbody');
    samples.forEach(function (sample) {
      body.appendChild(
        h('tr', { 'data-testid': 'test-sample' }, [
          h('td', { class: 'ds-record' }, [
            h('span', { class: 'ds-nowrap', 'data-testid': 'test-sample-locator', text: sample.locator || '' }),
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
          h('td', { 'data-testid': 'test-sample-match' }, [sample.matchValue ? h('span', { text: sample.matchValue }) : h('span', { class: 'ds-muted', text: 'no key' })]),
        ].concat(
          keys.map(function (k) {
            return h('td', { 'data-field-key': k, 'data-testid': 'test-sample-value' }, [valueNode(fieldByKey(k), sample.values ? sample.values[k] : null, 'xml')]);
          }),
        )),
      );
    });
    out.push(h('div', { class: 'ds-table-wrap' }, [h('table', { class: 'aui ds-samples', 'data-testid': 'test-samples' }, [h('thead', {}, [head]), body])]));
    return h('div', { class: 'ds-test-success' }, out);
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

  /** A sample value's node; person refs ({ref, value}) as their value: a DN (LDAP), an email or account id (XML). */
  function valueNode(field, value, kind) {
    var text = valueText(field, value);
    if (!text) return h('span', { class: 'ds-muted', text: '—' });
    var isRef = value && typeof value === 'object' && (value.ref || (Array.isArray(value) && value[0] && value[0].ref));
    if (isRef && kind === 'xml') {
      var ref = Array.isArray(value) ? value[0].ref : value.ref;
      return h('span', { class: 'ds-ref ds-ref-xml', 'data-ref': ref, title: 'Resolved to the person with this ' + (ref === 'accountId' ? 'account id' : 'email') + ' when syncing', text: text });
    }
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

  function canWriteBack(field) {
    return !!field && WRITE_BACK_TYPES.indexOf(field.type) >= 0;
  }

  function copyOf(object) {
    var copy = {};
    Object.keys(object || {}).forEach(function (k) {
      copy[k] = object[k];
    });
    return copy;
  }

  /**
   * The Field mappings tab: an attribute per profile field with its write-back checkbox, the
   * source's write-back switch and picture write-back (saved with the mappings), and the
   * write-access test.
   */
  function mappingsEditor(page) {
    var sourceId = page.id;
    var rows = {}; // field key -> {input, error, writeBack, writeBackWrap}
    var existing = {}; // field key -> mapping as loaded
    var formError = h('div', { class: 'error ds-form-error', 'data-error-for': '_form', role: 'alert' });
    var status = h('div', { class: 'ds-form-status', 'data-testid': 'mappings-status', role: 'status' });
    var pendingSlot = h('div', { class: 'ds-pending-slot', 'data-testid': 'mappings-pending-slot' });
    var tbody = h('tbody');
    // Write-back: the source's switch (PATCH {writeBack}), saved with the mappings.
    var source = page.source || {};
    // Write-back is LDAP's: other kinds of source show none of it.
    var ldap = !source.kind || source.kind === 'ldap';
    // An XML source maps element or attribute paths in a record; user fields take what it matches by.
    var matchWords = ((source.settings || {}).matchBy === 'accountId') ? 'an Atlassian account id' : 'an email address';
    var save = h('button', { class: 'aui-button aui-button-primary', type: 'submit', 'data-testid': 'save-mappings', text: 'Save mappings', disabled: true });
    var saveAndTest = h('button', { class: 'aui-button', type: 'button', 'data-testid': 'mappings-save-and-test', text: ldap ? 'Save and test connection' : 'Save and test', disabled: true });
    var listId = nextId('attributes');
    var datalist = h(
      'datalist',
      { id: listId },
      (ldap ? ATTRIBUTE_SUGGESTIONS : XML_PATH_SUGGESTIONS).map(function (a) {
        return h('option', { value: a });
      }),
    );
    var writeBackSwitch = switchControl(
      'writeBack',
      'Write profile changes back to LDAP',
      'When people edit a field ticked below in their profile, Rollcall writes the new value into their entry in this directory, as the bind user of the Settings tab.',
      !!source.writeBack,
      'source-write-back',
    );
    var offNote = h('p', { class: 'ds-muted ds-write-back-off', 'data-testid': 'write-back-off-note', text: 'Write-back is off for this directory: ticked fields are written only once you switch it on.' });
    var writeBackPanel = h('section', { class: 'ds-write-back', 'data-testid': 'write-back-panel', 'aria-label': 'Write-back to LDAP' }, [
      writeBackSwitch.node,
      h('div', { class: 'aui-message aui-message-warning ds-write-back-warning', 'data-testid': 'write-back-warning' }, [
        h('p', { class: 'title' }, [h('strong', { text: 'This changes your company’s directory' })]),
        h('p', {
          text:
            'Values people type into their profile are written into LDAP, where every application that reads the directory sees them. ' +
            'The bind user needs write access to each ticked attribute: check it with Test write access below.',
        }),
      ]),
      offNote,
    ]);

    var intro = ldap
      ? h('div', { class: 'ds-mappings-intro' }, [
          h('p', { text: 'Choose the LDAP attribute that fills each profile field. Leave it empty to leave the field alone: people keep editing it themselves.' }),
          h('ul', { class: 'ds-notes' }, [
            h('li', {}, [h('strong', { text: 'User fields' }), ' take a DN-valued attribute, e.g. ', h('code', { text: 'manager' }), ': the DN is resolved to the person with that DN.']),
            h('li', {}, [h('strong', { text: 'Select fields' }), ' match the attribute’s values with the option labels (ignoring case); a value that is not an option is reported in the sync report.']),
            h('li', {}, [h('strong', { text: 'Multi-valued fields' }), ' (multi select, multiple users) take every value; the others take the first.']),
          ]),
        ])
      : h('div', { class: 'ds-mappings-intro', 'data-testid': 'xml-mappings-intro' }, [
          h('p', { text: 'Choose the element or attribute of each record that fills each profile field. Leave it empty to leave the field alone: people keep editing it themselves.' }),
          h('ul', { class: 'ds-notes' }, [
            h('li', {}, [
              h('strong', { text: 'Paths' }),
              ' are relative to the record element: ',
              h('code', { text: 'department' }),
              ' for a child element, ',
              h('code', { text: 'address/city' }),
              ' for a nested one, ',
              h('code', { text: '@id' }),
              ' for an attribute of the record.',
            ]),
            h('li', {}, [h('strong', { text: 'User fields' }), ' take an element holding ' + matchWords + ' (as the Settings tab matches records): it is resolved to that person.']),
            h('li', {}, [h('strong', { text: 'Select fields' }), ' match the values with the option labels (ignoring case); a value that is not an option is reported in the sync report.']),
            h('li', {}, [h('strong', { text: 'An element present but empty' }), ' clears the field; an element that is missing leaves it alone. Nothing is written back to the file.']),
          ]),
        ]);
    var form = h('form', { class: 'aui top-label ds-mappings', novalidate: true, 'data-testid': 'mappings-form', 'data-kind': ldap ? 'ldap' : 'xml', 'aria-busy': 'true', 'aria-label': 'Field mappings' }, [
      intro,
      ldap ? writeBackPanel : null,
      formError,
      h('div', { class: 'ds-table-wrap' }, [
        h('table', { class: 'aui ds-mapping-table', 'data-testid': 'mapping-table' }, [
          h('thead', {}, [
            h('tr', {}, [
              h('th', { scope: 'col', text: 'Profile field' }),
              h('th', { scope: 'col', text: 'Type' }),
              h('th', { scope: 'col', text: ldap ? 'LDAP attribute' : 'Element or attribute in the record' }),
              ldap ? h('th', { scope: 'col', text: 'Write-back' }) : null,
            ]),
          ]),
          tbody,
        ]),
      ]),
      datalist,
      pendingSlot,
      h('div', { class: 'buttons-container ds-buttons' }, [h('div', { class: 'buttons' }, [save, saveAndTest, status])]),
    ]);
    tbody.appendChild(h('tr', {}, [h('td', { colspan: '4' }, [h('span', { class: 'ds-loading' }, [h('span', { class: 'rc-spinner', 'aria-hidden': 'true' }), ' Loading the mappings…'])])]));

    var pictureWriteBack = null; // the picture checkbox, when the source has a picture attribute
    var writeTest = writeAccessTest(page, function () {
      return mappedAttributes();
    });

    /** The attributes mapped in the form right now, for the write-access test. */
    function mappedAttributes() {
      var list = [];
      state.fields.forEach(function (field) {
        var row = rows[field.key];
        var attribute = row ? row.input.value.trim() : '';
        if (attribute) list.push({ attribute: attribute, label: field.label, writeBack: !!(row.writeBack && row.writeBack.checked && !row.writeBack.disabled) });
      });
      var picture = (ui.page && ui.page.source && ui.page.source.settings && ui.page.source.settings.pictureAttribute) || null;
      if (picture) list.push({ attribute: picture, label: 'Picture', writeBack: !!(pictureWriteBack && pictureWriteBack.checked) });
      return list;
    }

    function syncWriteBack() {
      var ticked = Object.keys(rows).some(function (key) {
        var row = rows[key];
        return row.writeBack && row.writeBack.checked && !row.writeBackWrap.hidden;
      });
      offNote.hidden = writeBackSwitch.input.checked || !(ticked || (pictureWriteBack && pictureWriteBack.checked));
      form.setAttribute('data-write-back', writeBackSwitch.input.checked ? 'on' : 'off');
      Rollcall.resize();
    }
    writeBackSwitch.input.addEventListener('change', syncWriteBack);

    function syncPending() {
      pendingSlot.textContent = '';
      var note = pendingFieldsNote(ui.page && ui.page.id === sourceId ? ui.page.source : null, 'mappings-pending-fields');
      if (note) pendingSlot.appendChild(note);
      Rollcall.resize();
    }

    function pictureRow() {
      var settings = (page.source && page.source.settings) || {};
      var attribute = settings.pictureAttribute;
      var rowsOut = [h('tr', { class: 'ds-category-row' }, [h('th', { colspan: '4', scope: 'colgroup', text: 'Picture' })])];
      if (!attribute) {
        pictureWriteBack = null;
        rowsOut.push(
          h('tr', { class: 'ds-picture-row', 'data-testid': 'picture-row' }, [
            h('td', { colspan: '4', class: 'ds-muted', text: 'No picture attribute is set on the Settings tab: pictures are neither read from the directory nor written to it.' }),
          ]),
        );
        return rowsOut;
      }
      var id = nextId('picture-write-back');
      pictureWriteBack = h('input', { class: 'checkbox', type: 'checkbox', id: id, name: 'settings.pictureWriteBack', checked: !!settings.pictureWriteBack, 'data-testid': 'picture-write-back' });
      pictureWriteBack.addEventListener('change', syncWriteBack);
      var thumbnail = attribute.toLowerCase() === 'thumbnailphoto';
      rowsOut.push(
        h('tr', { class: 'ds-picture-row', 'data-testid': 'picture-row' }, [
          h('th', { scope: 'row', text: 'Picture' }),
          h('td', { class: 'ds-muted', text: 'Picture' }),
          h('td', {}, [h('code', { 'data-testid': 'picture-attribute', text: attribute })]),
          h('td', {}, [
            h('div', { class: 'checkbox ds-checkbox ds-write-back-check' }, [
              pictureWriteBack,
              formGlyph(),
              h('label', { for: id, 'data-testid': 'picture-write-back-label', text: 'Write uploaded pictures to ' + attribute }),
              h('div', {
                class: 'description',
                'data-testid': 'picture-write-back-note',
                text: thumbnail
                  ? 'Active Directory’s thumbnailPhoto holds at most 100 KB: Rollcall re-encodes each picture to fit.'
                  : 'Written as a JPEG of up to 512 px. (To thumbnailPhoto, pictures are re-encoded to at most 100 KB.)',
              }),
            ]),
          ]),
        ]),
      );
      return rowsOut;
    }

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
        tbody.appendChild(h('tr', {}, [h('td', { colspan: '4', class: 'ds-muted', text: 'There are no profile fields yet: add some in the Profile Editor.' })]));
      }
      state.fields.forEach(function (field) {
        if (field.categoryId !== lastCategory && categoryNames[field.categoryId]) {
          tbody.appendChild(h('tr', { class: 'ds-category-row' }, [h('th', { colspan: '4', scope: 'colgroup', text: categoryNames[field.categoryId] })]));
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
            ? ldap
              ? 'A DN-valued attribute, e.g. manager'
              : 'An element holding ' + matchWords + ', e.g. manager'
            : field.type === 'select' || field.type === 'multiselect'
              ? 'Values match the option labels'
              : null;
        var error = h('div', { class: 'error', role: 'alert', 'data-testid': 'mapping-error' });
        // Write-back: text-like fields only (the server refuses the others); shown once an attribute is mapped.
        var eligible = canWriteBack(field);
        var checkId = nextId('write-back');
        var writeBack = h('input', {
          class: 'checkbox',
          type: 'checkbox',
          id: checkId,
          name: 'writeBack',
          checked: eligible && !!(mapping && mapping.writeBack),
          disabled: !eligible,
          'data-field-key': field.key,
          'data-testid': 'mapping-write-back',
        });
        var writeBackWrap = h('div', { class: 'checkbox ds-checkbox ds-write-back-check' + (eligible ? '' : ' ds-write-back-na') }, [
          writeBack,
          formGlyph(),
          h('label', { for: checkId, 'data-testid': 'mapping-write-back-label', text: 'Write data entered by the user into the corresponding LDAP attribute' }),
          eligible ? null : h('div', { class: 'description', text: 'Only text-like fields (text, multiline, email, phone, URL, number, date) can be written back.' }),
        ]);
        function syncRow() {
          writeBackWrap.hidden = !input.value.trim();
          syncWriteBack();
        }
        input.addEventListener('input', syncRow);
        writeBack.addEventListener('change', syncWriteBack);
        rows[field.key] = { input: input, error: error, writeBack: writeBack, writeBackWrap: writeBackWrap };
        writeBackWrap.hidden = !input.value.trim();
        tbody.appendChild(
          h('tr', { class: 'ds-mapping-row', 'data-field-key': field.key, 'data-testid': 'mapping-row', 'data-write-back-allowed': eligible ? 'true' : 'false' }, [
            h('th', { scope: 'row' }, [h('label', { for: inputId, 'data-testid': 'mapping-label', text: field.label })]),
            h('td', { class: 'ds-muted', 'data-testid': 'mapping-type', text: TYPE_LABELS[field.type] || field.type }),
            h('td', {}, [input, hint ? h('div', { class: 'description', text: hint }) : null, error]),
            ldap ? h('td', { class: 'ds-write-back-cell', 'data-testid': 'mapping-write-back-cell' }, [writeBackWrap]) : null,
          ]),
        );
      });
      (ldap ? pictureRow() : []).forEach(function (row) {
        tbody.appendChild(row);
      });
      form.removeAttribute('aria-busy');
      save.disabled = false;
      saveAndTest.disabled = false;
      form.setAttribute('data-loaded', 'true');
      syncWriteBack();
      syncPending();
      writeTest.refreshAttributes();
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

    /** Takes the source the server answered with: state, the page, the open settings form. */
    function adopt(fresh) {
      upsertSource(fresh);
      if (ui.page === page) {
        page.source = fresh;
        if (page.form && page.form.refresh) page.form.refresh(fresh);
      }
    }

    function submit(andTest, trigger) {
      clearFormErrors(form);
      status.textContent = '';
      var sent = [];
      var writing = [];
      state.fields.forEach(function (field) {
        var row = rows[field.key];
        if (!row) return;
        var attribute = row.input.value.trim();
        if (!attribute) return;
        var writeBack = ldap && canWriteBack(field) && row.writeBack.checked;
        if (writeBack) writing.push(field.label);
        sent.push({ fieldKey: field.key, attribute: attribute, writeBack: writeBack });
      });
      // The source's own write-back settings, when they changed.
      var current = page.source || {};
      var patch = {};
      if (writeBackSwitch.input.checked !== !!current.writeBack) patch.writeBack = writeBackSwitch.input.checked;
      if (pictureWriteBack && current.settings && pictureWriteBack.checked !== !!current.settings.pictureWriteBack) {
        patch.settings = copyOf(current.settings);
        patch.settings.pictureWriteBack = pictureWriteBack.checked;
      }
      save.disabled = true;
      saveAndTest.disabled = true;
      setBusy(trigger, true, 'Saving…');
      var path = '/rest/v1/sources/' + encodeURIComponent(sourceId);
      var mappingsSaved = false;
      Rollcall.api('PUT', path + '/mappings', { mappings: sent })
        .then(function (data) {
          mappingsSaved = true;
          existing = {};
          ((data && data.mappings) || []).forEach(function (m) {
            existing[m.fieldKey] = m;
          });
          // PATCH answers with the source; otherwise read it again for the fields the next incremental run fills.
          return Object.keys(patch).length ? Rollcall.api('PATCH', path, patch) : Rollcall.api('GET', path);
        })
        .then(function (fresh) {
          adopt(fresh);
          setBusy(trigger, false);
          status.textContent = '';
          var words = sent.length ? plural(sent.length, 'field', 'fields') + ' mapped. Saved.' : 'Saved: no field is mapped.';
          if (fresh.writeBack && writing.length) words += ' Writes back to LDAP: ' + writing.join(', ') + '.';
          else if (fresh.writeBack) words += ' Write-back is on, but no field is ticked.';
          status.appendChild(h('span', { class: 'ds-saved' }, [icon('check-circle'), ' ' + words]));
          syncWriteBack();
          syncPending();
          writeTest.refreshAttributes();
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
          if (mappingsSaved) {
            addError(formError, 'The mappings were saved, but the write-back settings were not: ' + messageOf(error));
            Rollcall.resize();
            return;
          }
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
              (parts[2] === 'writeBack' ? row.writeBack : row.input).setAttribute('aria-invalid', 'true');
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
    return {
      node: h('div', { class: 'ds-mappings-pane' }, [form, ldap ? writeTest.node : null]),
      /** After a run: the fields still pending. */
      refresh: function () {
        syncPending();
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Test write access
  // ---------------------------------------------------------------------------------------------

  /**
   * "Test write access": a Confluence user (autocomplete from GET /rest/v1/people) and an attribute
   * (one of the mapped ones, or typed) → POST /rest/v1/sources/{id}/test {accountId, attribute}.
   * The server writes the attribute's current value back unchanged, so nothing changes.
   */
  function writeAccessTest(page, attributesOf) {
    var sourceId = page.id;
    var chosen = null; // {accountId, displayName}
    var options = [];
    var active = -1;
    var seq = 0;
    var timer = null;
    var listId = nextId('people');
    var userInput = h('input', {
      class: 'text',
      type: 'text',
      id: nextId('write-test-user'),
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'Start typing a name or email',
      'data-testid': 'write-test-user',
    });
    var listbox = h('ul', { class: 'ds-combo-list', role: 'listbox', id: listId, hidden: true, 'aria-label': 'People', 'data-testid': 'write-test-options' });
    var chosenLine = h('div', { class: 'description', 'data-testid': 'write-test-chosen' });
    var userError = h('div', { class: 'error', role: 'alert', 'data-error-for': 'accountId' });
    var attributeSelect = h('select', { class: 'select', id: nextId('write-test-attribute'), name: 'attribute', 'data-testid': 'write-test-attribute' });
    var attributeOther = h('input', {
      class: 'text ds-attribute',
      type: 'text',
      name: 'attributeOther',
      placeholder: 'e.g. telephoneNumber',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-label': 'Attribute name',
      'data-testid': 'write-test-attribute-other',
    });
    var attributeError = h('div', { class: 'error', role: 'alert', 'data-error-for': 'attribute' });
    var run = button('Test write access', { 'data-testid': 'write-test-run' }, function () {
      runTest();
    });
    var result = h('div', { class: 'ds-write-test-result-slot', 'aria-live': 'polite' });

    function close() {
      listbox.hidden = true;
      userInput.setAttribute('aria-expanded', 'false');
      userInput.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(listbox.querySelectorAll('[role="option"]'), function (el, i) {
        el.setAttribute('aria-selected', i === index ? 'true' : 'false');
        if (i === index) {
          userInput.setAttribute('aria-activedescendant', el.id);
          if (el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
        }
      });
    }
    function choose(person) {
      chosen = person;
      userInput.value = person.displayName || person.accountId;
      chosenLine.textContent = 'Account id: ' + person.accountId;
      userError.textContent = '';
      userInput.removeAttribute('aria-invalid');
      close();
    }
    function show(people) {
      options = people;
      listbox.textContent = '';
      people.forEach(function (person, i) {
        listbox.appendChild(
          h(
            'li',
            {
              class: 'ds-combo-option',
              role: 'option',
              id: listId + '-' + i,
              'aria-selected': 'false',
              'data-testid': 'write-test-option',
              'data-account-id': person.accountId,
              on: {
                mousedown: function (event) {
                  event.preventDefault(); // keep the focus in the input
                  choose(person);
                },
              },
            },
            [h('span', { text: person.displayName || person.accountId }), h('span', { class: 'ds-muted', text: person.accountId })],
          ),
        );
      });
      if (!people.length) listbox.appendChild(h('li', { class: 'ds-combo-empty ds-muted', 'data-testid': 'write-test-no-option', text: 'Nobody in this site matches.' }));
      listbox.hidden = false;
      userInput.setAttribute('aria-expanded', 'true');
      active = -1;
      Rollcall.resize();
    }
    function search() {
      var query = userInput.value.trim();
      var mine = (seq += 1);
      Rollcall.api('GET', '/rest/v1/people?limit=8&query=' + encodeURIComponent(query))
        .then(function (data) {
          if (mine !== seq || document.activeElement !== userInput) return;
          show((data && data.people) || []);
        })
        .catch(function (error) {
          if (mine !== seq) return;
          close();
          userError.textContent = 'People could not be searched: ' + messageOf(error);
        });
    }
    userInput.addEventListener('input', function () {
      chosen = null;
      chosenLine.textContent = '';
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    userInput.addEventListener('focus', function () {
      if (!chosen) search();
    });
    userInput.addEventListener('blur', function () {
      window.setTimeout(close, 150);
    });
    userInput.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (listbox.hidden) {
          search();
          return;
        }
        if (!options.length) return;
        var step = event.key === 'ArrowDown' ? 1 : -1;
        highlight((active + step + options.length) % options.length);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (!listbox.hidden && active >= 0 && options[active]) choose(options[active]);
        else if (!listbox.hidden && options.length === 1) choose(options[0]);
      } else if (event.key === 'Escape') {
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        }
      }
    });

    function syncOther() {
      attributeOther.hidden = attributeSelect.value !== '';
      Rollcall.resize();
    }
    var picked = false; // the admin chose an attribute: keep it while it is offered
    attributeSelect.addEventListener('change', function () {
      picked = true;
      syncOther();
      if (!attributeOther.hidden) attributeOther.focus();
    });

    /** The select of the mapped attributes, in the mappings' order; until the admin picks one, the first written back. */
    var shown = null; // what the select offers now, to leave it alone when nothing changed
    function refreshAttributes() {
      var before = attributeSelect.value;
      var seen = {};
      var list = attributesOf().filter(function (a) {
        var key = a.attribute.toLowerCase();
        if (seen[key]) return false;
        seen[key] = true;
        return true;
      });
      var signature = JSON.stringify(list);
      if (signature === shown) return;
      shown = signature;
      attributeSelect.textContent = '';
      list.forEach(function (a) {
        attributeSelect.appendChild(h('option', { value: a.attribute, text: a.attribute + ' (' + a.label + (a.writeBack ? ', written back' : '') + ')' }));
      });
      attributeSelect.appendChild(h('option', { value: '', text: 'Another attribute…' }));
      var offered = Array.prototype.some.call(attributeSelect.options, function (o) {
        return o.value === before;
      });
      var preferred = list.filter(function (a) {
        return a.writeBack;
      })[0] || list[0];
      attributeSelect.value = picked && offered ? before : preferred ? preferred.attribute : '';
      syncOther();
    }

    function showResult(outcome, person, attribute) {
      result.textContent = '';
      if (outcome.requestError) {
        result.appendChild(
          h('div', { class: 'aui-message aui-message-error ds-write-result', 'data-testid': 'write-test-result', 'data-state': 'error', role: 'alert' }, [
            h('p', { class: 'title' }, [h('strong', { text: 'The test could not run' })]),
            h('p', { 'data-testid': 'write-test-message', text: outcome.requestError }),
          ]),
        );
        Rollcall.resize();
        return;
      }
      var who = person.displayName || person.accountId;
      if (outcome.ok) {
        result.appendChild(
          h('div', { class: 'aui-message aui-message-success ds-write-result', 'data-testid': 'write-test-result', 'data-state': 'ok' }, [
            h('p', { class: 'title' }, [h('strong', { 'data-testid': 'write-test-title', text: 'Rollcall may write ' + attribute + ' for ' + who })]),
            h('p', { 'data-testid': 'write-test-message', 'data-dn': outcome.dn || null, text: outcome.message }),
          ]),
        );
        Rollcall.resize();
        return;
      }
      var error = outcome.error || {};
      var causes = error.usualCauses || [];
      result.appendChild(
        h('div', { class: 'aui-message aui-message-error ds-write-result', 'data-testid': 'write-test-result', 'data-state': 'failed' }, [
          h('p', { class: 'title' }, [h('strong', { 'data-testid': 'write-test-title', text: 'Rollcall may not write ' + attribute + ' for ' + who })]),
          h('p', { 'data-testid': 'write-test-message', 'data-dn': outcome.dn || null, text: outcome.message }),
          error.resultCode !== undefined && error.resultCode !== null
            ? h('p', { class: 'ds-result-code', 'data-testid': 'write-test-code' }, ['LDAP result code ', h('code', { text: String(error.resultCode) }), error.resultName ? ' (' + error.resultName + ')' : ''])
            : null,
          causes.length ? h('p', { class: 'ds-causes-title' }, [h('strong', { text: 'Usual causes' })]) : null,
          causes.length
            ? h(
                'ul',
                { class: 'ds-causes', 'data-testid': 'write-test-causes' },
                causes.map(function (c) {
                  return h('li', { text: c.charAt(0).toUpperCase() + c.slice(1) });
                }),
              )
            : null,
          h('div', { class: 'ds-checklist', 'data-testid': 'write-test-checklist' }, [
            h('p', { class: 'ds-causes-title' }, [h('strong', { text: 'Also check' })]),
            h(
              'ul',
              {},
              WRITE_CHECKLIST.map(function (c) {
                return h('li', {}, [h('strong', { text: c[0] + ': ' }), c[1]]);
              }),
            ),
          ]),
        ]),
      );
      Rollcall.resize();
    }

    function runTest() {
      userError.textContent = '';
      attributeError.textContent = '';
      userInput.removeAttribute('aria-invalid');
      attributeOther.removeAttribute('aria-invalid');
      var attribute = attributeSelect.value || attributeOther.value.trim();
      var problem = false;
      if (!chosen) {
        userError.textContent = 'Choose a Confluence user from the list.';
        userInput.setAttribute('aria-invalid', 'true');
        problem = true;
      }
      if (!attribute) {
        attributeError.textContent = 'Choose a mapped attribute, or enter one.';
        attributeOther.setAttribute('aria-invalid', 'true');
        problem = true;
      }
      if (problem) {
        (chosen ? attributeOther : userInput).focus();
        Rollcall.resize();
        return;
      }
      var person = chosen;
      setBusy(run, true, 'Testing…');
      result.textContent = '';
      result.appendChild(
        h('div', { class: 'ds-loading', 'data-testid': 'write-test-result', 'data-state': 'pending' }, [h('span', { class: 'rc-spinner', 'aria-hidden': 'true' }), ' Asking the directory…']),
      );
      Rollcall.api('POST', '/rest/v1/sources/' + encodeURIComponent(sourceId) + '/test', { accountId: person.accountId, attribute: attribute })
        .then(function (outcome) {
          setBusy(run, false);
          showResult(outcome, person, attribute);
        })
        .catch(function (error) {
          setBusy(run, false);
          var details = detailsOf(error);
          if (details.length) {
            details.forEach(function (d) {
              addError(d.path === 'attribute' ? attributeError : userError, d.message);
            });
            result.textContent = '';
            Rollcall.resize();
            return;
          }
          showResult({ requestError: messageOf(error) }, person, attribute);
        });
    }

    var node = h('section', { class: 'ds-group ds-write-test', 'data-testid': 'write-test', 'aria-labelledby': listId + '-title' }, [
      h('h3', { class: 'ds-group-title', id: listId + '-title', text: 'Test write access' }),
      h('p', {
        class: 'ds-group-intro',
        text:
          'May the bind user write this attribute of this person’s entry in this directory? Rollcall writes the attribute’s current value back unchanged, so nothing in the directory changes. ' +
          'One check per directory and attribute; it uses the saved settings.',
      }),
      h('form', {
        class: 'aui top-label ds-write-test-form',
        novalidate: true,
        'aria-label': 'Test write access',
        on: {
          submit: function (event) {
            event.preventDefault();
            runTest();
          },
        },
      }, [
        h('div', { class: 'ds-grid' }, [
          h('div', { class: 'field-group ds-combo' }, [h('label', { for: userInput.id, text: 'Confluence user' }), userInput, listbox, chosenLine, userError]),
          h('div', { class: 'field-group' }, [h('label', { for: attributeSelect.id, text: 'LDAP attribute' }), attributeSelect, h('div', { class: 'ds-picture-other' }, [attributeOther]), attributeError]),
        ]),
        h('div', { class: 'ds-write-test-actions' }, [run]),
      ]),
      result,
    ]);
    // The mapped attributes are read again when the admin comes to the test, not while they edit the
    // mappings: the panel's height must not change under a click on Save (the frame resizes).
    node.addEventListener('mouseenter', refreshAttributes);
    node.addEventListener('focusin', function (event) {
      if (event.target !== attributeSelect) refreshAttributes();
    });
    refreshAttributes();
    return { node: node, refreshAttributes: refreshAttributes };
  }

  // ---------------------------------------------------------------------------------------------
  // Sync report
  // ---------------------------------------------------------------------------------------------

  /** Runs a page of the report holds; older ones come with "Show older runs". */
  var RUNS_PAGE = 50;

  /**
   * A refresh reloads the newest page and keeps the older runs already shown below it, so that
   * "Show older runs" pages survive a run ending. A page of older runs asked for before the
   * refresh is then dropped (runsVersion), as its place in the list may have moved.
   */
  function mergeNewestRuns(page, data) {
    var fresh = (data && data.runs) || [];
    var oldest = fresh.length ? Number(fresh[fresh.length - 1].id) : Infinity;
    var older = data && data.more ? (page.runs || []).filter(function (run) {
      return Number(run.id) < oldest;
    }) : [];
    page.runs = fresh.concat(older);
    page.runsMore = older.length ? !!page.runsMore : !!(data && data.more);
    page.runsVersion = (page.runsVersion || 0) + 1;
    page.loadingOlder = false;
  }

  function loadRuns() {
    var page = ui.page;
    if (!page || !page.id) return;
    Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(page.id) + '/runs?limit=' + RUNS_PAGE)
      .then(function (data) {
        if (ui.page !== page) return;
        mergeNewestRuns(page, data);
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
    var kind = kindInfo(source);
    var running = source && live[source.id];
    container.appendChild(
      h('div', { class: 'ds-report-intro' }, [
        h('p', { class: 'ds-hint', text: 'Every run, newest first. Select a run to see why it failed and which ' + kind.entry[1] + ' could not be synchronised. Times are in your time zone.' }),
      ]),
    );
    if (running) {
      container.appendChild(
        h('div', { class: 'ds-live', 'data-testid': 'live-run', 'data-run-id': running.id }, [
          h('div', { class: 'ds-live-head' }, [
            statusLozenge('running'),
            h('strong', { 'data-testid': 'live-run-job', text: running.mode === 'incremental' ? 'Incremental sync' : kindOf(source) === 'xml' ? kind.job : 'Full sync' }),
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
      container.appendChild(h('div', { class: 'ds-loading', 'data-testid': 'runs-loading' }, [h('span', { class: 'rc-spinner', 'aria-hidden': 'true' }), ' Loading the sync report…']));
      Rollcall.resize();
      return;
    }
    var runs = page.runs || [];
    if (!runs.length) {
      container.appendChild(
        h('div', { class: 'ds-runs-empty', 'data-testid': 'runs-empty' }, [
          h('p', {}, [h('strong', { text: 'No runs yet.' })]),
          h('p', { class: 'ds-muted', text: kind.noRuns }),
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
                  return h('th', { scope: 'col', class: 'ds-num', title: countHelp(k, source), text: COUNT_LABELS[k] });
                }),
              )
              .concat([h('th', { scope: 'col', text: 'Status' })])),
          ]),
          tbody,
        ]),
      ]),
    );
    if (page.runsMore) {
      var older = h('button', {
        class: 'aui-button',
        type: 'button',
        'data-testid': 'runs-more',
        text: 'Show older runs',
        on: {
          click: function () {
            loadOlderRuns();
          },
        },
      });
      if (page.loadingOlder) setBusy(older, true);
      container.appendChild(
        h('div', { class: 'ds-more' }, [older, page.olderRunsError ? h('div', { class: 'error', role: 'alert', 'data-testid': 'runs-more-error', text: page.olderRunsError }) : null]),
      );
    }
    Rollcall.resize();
  }

  function loadOlderRuns() {
    var page = ui.page;
    if (!page || page.loadingOlder || !page.runs || !page.runs.length) return;
    var last = page.runs[page.runs.length - 1];
    var version = page.runsVersion;
    page.loadingOlder = true;
    page.olderRunsError = '';
    renderReport();
    Rollcall.api('GET', '/rest/v1/sources/' + encodeURIComponent(page.id) + '/runs?before=' + encodeURIComponent(last.id) + '&limit=' + RUNS_PAGE)
      .then(function (data) {
        if (ui.page !== page || page.runsVersion !== version) return; // a refresh came first: the list it made stands
        page.loadingOlder = false;
        var oldest = Number(page.runs[page.runs.length - 1].id);
        var added = ((data && data.runs) || []).filter(function (run) {
          return Number(run.id) < oldest;
        });
        page.runs = page.runs.concat(added);
        page.runsMore = !!(data && data.more);
        renderReport();
        // The focus goes to the first of the runs just shown (the button it was on may be gone).
        var first = added.length && els.view.querySelector('[data-testid="run-row"][data-run-id="' + cssEscape(added[0].id) + '"] [data-testid="run-toggle"]');
        if (first) first.focus();
      })
      .catch(function (error) {
        if (ui.page !== page || page.runsVersion !== version) return;
        page.loadingOlder = false;
        page.olderRunsError = 'Older runs could not be loaded: ' + messageOf(error);
        renderReport();
      });
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
        h('td', { class: 'ds-run-mode-cell' }, [h('span', { 'data-testid': 'run-mode', text: run.mode === 'incremental' ? 'Incremental' : 'Full' }), runMarkLine(run)]),
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

  /** The mark an incremental run used, e.g. "from 20260101120000Z · 3 read". */
  function runMarkLine(run) {
    if (run.mode !== 'incremental') return null;
    var marks = run.watermarks || {};
    var seen = countsOf(run).seen;
    return h('div', { class: 'ds-muted ds-run-mark', title: marks.since ? 'Entries changed since ' + utcTime(marks.since) : null }, [
      marks.mark ? 'from ' : null,
      marks.mark ? h('code', { 'data-testid': 'run-mark', text: marks.mark }) : null,
      marks.mark ? ' · ' : null,
      h('span', { 'data-testid': 'run-read', text: plural(seen, 'entry', 'entries') + ' read' }),
    ]);
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
      content.push(h('div', { class: 'ds-loading' }, [h('span', { class: 'rc-spinner', 'aria-hidden': 'true' }), ' Loading the run…']));
    } else if (details.failed) {
      content.push(h('div', { class: 'aui-message aui-message-error', role: 'alert' }, [h('p', { text: 'The run could not be loaded: ' + details.failed })]));
    } else {
      var full = details.run;
      var xml = kindOf(page.source) === 'xml';
      var facts = [
        ['Job', full.mode === 'incremental' ? 'Incremental update' : kindInfo(page.source).job],
        ['Started', localTime(full.startedAt) + ' (' + relative(full.startedAt) + ')'],
        ['Finished', full.finishedAt ? localTime(full.finishedAt) : 'Still running'],
        ['Trigger', full.trigger === 'schedule' ? 'Schedule' : full.startedBy ? 'Run now (by an administrator)' : 'Run now'],
        ['Mode', full.mode === 'incremental' ? 'Incremental: only entries changed since the mark' : xml ? 'Full: every record in the file' : 'Full: every entry'],
      ];
      if (full.mode === 'incremental') {
        var marks = full.watermarks || {};
        if (marks.mark) facts.push(['Mark used', marks.mark + (marks.since ? ' (changes since ' + utcTime(marks.since) + ')' : '')]);
        facts.push(['Entries read', String(countsOf(full).seen)]);
      }
      content.push(
        h(
          'dl',
          { class: 'ds-run-facts' },
          facts.map(function (f) {
            return h('div', { 'data-testid': 'run-fact', 'data-fact': f[0] }, [h('dt', { text: f[0] }), h('dd', { text: f[1] })]);
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
    var xml = kindOf(ui.page && ui.page.source) === 'xml';
    var one = xml ? 'record' : 'entry';
    if (!details.errorCount) {
      if (status !== 'succeeded') return h('p', { class: 'ds-muted', 'data-testid': 'run-no-errors', text: 'No ' + one + ' errors were recorded.' });
      return h('p', { class: 'ds-no-errors', 'data-testid': 'run-no-errors' }, [icon('check-circle'), ' No ' + one + ' errors: every ' + one + ' read was synchronised or is waiting for its Confluence account.']);
    }
    var body = h('tbody');
    errors.forEach(function (e) {
      body.appendChild(
        h('tr', { 'data-testid': 'run-error-row' }, [
          h('td', { class: 'ds-dn' }, [xml ? h('span', { 'data-testid': 'run-error-record', text: e.dn }) : dnCode(e.dn)]),
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
      h('h4', { text: plural(details.errorCount, one + ' error', one + ' errors') }),
      h('div', { class: 'ds-errors-scroll', tabindex: '0', role: 'region', 'aria-label': xml ? 'Record errors' : 'Entry errors' }, [
        h('table', { class: 'aui ds-errors-table' }, [h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: kindInfo(ui.page && ui.page.source).errorColumn }), h('th', { scope: 'col', text: 'Reason' }), h('th', { scope: 'col', text: 'When' })])]), body]),
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
    Rollcall.dom.showLoadError(els.message, 'The data sources could not be loaded', message, retry ? load : null);
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
        state.importDirectory = (results[0] && results[0].importDirectory) || null;
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
