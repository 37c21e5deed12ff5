// The staff calendar's enhancement: FullCalendar over the server-rendered week (which stays the
// no-JavaScript version). Reads the page's JSON data block (never executed: CSP unchanged), loads
// FullCalendar's CSS as a real stylesheet (/assets/fullcalendar.css), and moves a meeting by drag and
// drop through the staff API, after a confirm() in words; a refusal snaps back with the reason.
(function () {
  'use strict';
  var dataEl = document.getElementById('calendar-data');
  var grid = document.getElementById('cal-grid');
  var live = document.getElementById('cal-live');
  var FC = window.FullCalendar;
  if (!dataEl || !grid || !FC) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';

  // British English for "en" (Tue 8 Dec, 24-hour clock); FullCalendar formats through Intl.
  var locale = data.locale === 'en' ? 'en-GB' : data.locale;

  function say(text) {
    live.textContent = '';
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) {
      return values[k] !== undefined ? values[k] : '';
    });
  }

  // FullCalendar runs in 'UTC' with the unit's wall-clock times, so it shows the unit's time whatever the
  // browser's zone. Back to an instant: the unit zone's offset at that wall-clock time (DST-correct).
  function offsetMinutes(instantMs) {
    var parts = new Intl.DateTimeFormat('en-US', {
      timeZone: data.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(instantMs));
    var v = {};
    parts.forEach(function (p) {
      v[p.type] = Number(p.value);
    });
    return (Date.UTC(v.year, v.month - 1, v.day, v.hour % 24, v.minute, v.second) - instantMs) / 60000;
  }
  function wallToInstant(wall) {
    var guess = wall.getTime();
    var first = guess - offsetMinutes(guess) * 60000;
    return new Date(guess - offsetMinutes(first) * 60000);
  }
  function when(wall) {
    return new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(wall);
  }

  function open(href) {
    window.location.assign(href);
  }

  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function hhmm(d) {
    return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes());
  }
  function timeLabel(event) {
    return hhmm(event.start) + (event.end ? '–' + hhmm(event.end) : '');
  }

  // Every meeting is reachable by Tab and opens its panel with Enter. In the grid the event itself is the
  // link, named with its time, client, type, mode and status (the same words it shows). In the list the
  // title cell's link is, so the table keeps its rows.
  function eventDidMount(info) {
    var p = info.event.extendedProps;
    if (!p.href) {
      // Working hours, absences and own-calendar busy time: nothing to open, so not in the Tab order
      // (FullCalendar makes every event of a calendar with an eventClick focusable, the list's too).
      [info.el].concat(Array.prototype.slice.call(info.el.querySelectorAll('[tabindex]'))).forEach(function (el) {
        el.removeAttribute('tabindex');
      });
      return;
    }
    var list = info.el.tagName === 'TR';
    var el = list ? info.el.querySelector('.fc-list-event-title a') || info.el : info.el;
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'link');
    if (!list)
      el.setAttribute('aria-label', [timeLabel(info.event), p.client, p.type, p.modeLabel, p.statusLabel].join(', '));
    info.el.setAttribute('data-href', p.href);
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        open(p.href);
      }
    });
  }

  function span(className, text) {
    var s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
  }

  function eventContent(arg) {
    var p = arg.event.extendedProps;
    if (!p.href) return true; // background events: FullCalendar's own rendering (their title)
    var box = document.createElement('span');
    box.className = 'cal-fc-event';
    var list = arg.view.type.indexOf('list') === 0;
    // Spaces between the parts: the visible words are the accessible name's words (WCAG 2.5.3).
    if (!list) box.append(span('cal-time', timeLabel(arg.event)), ' ');
    box.append(
      span('cal-client', p.client),
      ' ',
      span('cal-meta', p.type + ' · ' + p.modeLabel + ' · ' + p.statusLabel),
    );
    return { domNodes: [box] };
  }

  function errorText(code) {
    return data.messages.errors[code] || data.messages.errors.GENERIC;
  }

  function eventDrop(info) {
    var p = info.event.extendedProps;
    var wall = info.event.start;
    var question = fill(data.messages.confirmMove, { client: p.client, when: when(wall) });
    if (!window.confirm(question)) {
      info.revert();
      return;
    }
    say(data.messages.saving);
    fetch('/api/v1/appointments/' + encodeURIComponent(info.event.id) + '/reschedule', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ startsAt: wallToInstant(wall).toISOString() }),
    })
      .then(function (res) {
        if (res.ok) {
          say(fill(data.messages.moved, { client: p.client, when: when(wall) }));
          return;
        }
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            info.revert();
            say(errorText(body && body.code));
          });
      })
      .catch(function () {
        info.revert();
        say(errorText('GENERIC'));
      });
  }

  function mount(el, column, view) {
    var cal = new FC.Calendar(el, {
      timeZone: 'UTC',
      locale: locale,
      firstDay: 1,
      initialView: view,
      initialDate: data.date,
      now: data.now,
      headerToolbar: false,
      allDaySlot: false,
      slotMinTime: '07:00:00',
      slotMaxTime: '19:00:00',
      slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      height: 'auto',
      nowIndicator: false,
      editable: !!data.editable,
      eventDurationEditable: false,
      eventStartEditable: !!data.editable,
      snapDuration: '00:15:00',
      events: column.events,
      eventDidMount: eventDidMount,
      eventContent: eventContent,
      eventDrop: eventDrop,
      eventClick: function (info) {
        var href = info.event.extendedProps.href;
        if (href) {
          info.jsEvent.preventDefault();
          open(href);
        }
      },
    });
    cal.render();
    return cal;
  }

  function start() {
    var staticEl = document.getElementById('cal-static');
    if (data.view === 'team') {
      var boxes = data.columns.map(function (column, i) {
        var section = document.createElement('section');
        section.className = 'cal-team-column';
        section.setAttribute('aria-labelledby', 'cal-fc-cw-' + i);
        var h = document.createElement('h2');
        h.id = 'cal-fc-cw-' + i;
        h.textContent = column.name;
        var box = document.createElement('div');
        section.append(h, box);
        grid.appendChild(section);
        return { box: box, column: column };
      });
      grid.classList.add('cal-grid-team');
      grid.hidden = false;
      // Every column in place first: FullCalendar measures its width when it renders.
      boxes.forEach(function (b) {
        mount(b.box, b.column, 'timeGridDay');
      });
    } else {
      grid.hidden = false;
      var box = document.createElement('div');
      grid.appendChild(box);
      mount(box, data.columns[0], data.view === 'list' ? 'listWeek' : 'timeGridWeek');
    }
    if (staticEl) staticEl.hidden = true;
    document.documentElement.classList.add('cal-enhanced');
  }

  // FullCalendar measures the grid when it renders: its stylesheet first (a real stylesheet from our
  // origin, since style-src 'self' refuses the <style> element that the bundle would add).
  var link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/assets/fullcalendar.css';
  link.addEventListener('load', start);
  link.addEventListener('error', function () {
    // Without its CSS the grid is unusable: the server-rendered week stays.
  });
  document.head.appendChild(link);
})();
