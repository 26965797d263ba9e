/*
 * The partnership's picture tab. Signs in (Teams single sign-on, or locally the developer's
 * choice), asks the bot's server for the period chosen, shows its tables and draws a chart from
 * each table it marks for one: the table stays, for screen readers and for print.
 */
(function () {
  'use strict';

  var signInKind = document.body.getAttribute('data-sign-in');
  var status = document.getElementById('status');
  var picture = document.getElementById('picture');
  var periodForm = document.getElementById('period');
  var periodChoice = document.getElementById('period-choice');
  var customDates = document.getElementById('custom-dates');
  var actions = document.getElementById('actions');
  var token = null;
  var charts = [];
  /** The theme's colours (tab.css): bars with at least 3:1 contrast against the page, told apart by more than colour (legend, table). */
  function colours() {
    var style = getComputedStyle(document.body);
    var get = function (name) { return style.getPropertyValue(name).trim(); };
    return { series: [get('--series-1'), get('--series-2')], text: get('--text'), grid: get('--grid') };
  }

  function setTheme(theme) {
    document.body.setAttribute('data-theme', theme || 'default');
    drawCharts();
  }

  function say(text, kind) {
    status.textContent = text;
    status.className = kind || '';
  }

  function teamsToken() {
    var teams = window.microsoftTeams;
    return teams.app.initialize().then(function () {
      teams.app.getContext().then(function (context) {
        setTheme(context.app && context.app.theme);
      }).catch(function () {});
      teams.app.registerOnThemeChangeHandler(setTheme);
      return teams.authentication.getAuthToken();
    });
  }

  function localToken() {
    var person = document.getElementById('local-person').value;
    return fetch('/tab/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person }) })
      .then(function (res) { return res.json(); })
      .then(function (body) { return body.token; });
  }

  function signIn() {
    return (signInKind === 'teams' ? teamsToken() : localToken()).then(function (t) {
      token = t;
      return t;
    });
  }

  /** A request with the token; a refused token is renewed once (Teams tokens expire within the hour). */
  function call(path, retried) {
    return fetch(path, { headers: { authorization: 'Bearer ' + token } }).then(function (res) {
      if (res.status === 401 && !retried) return signIn().then(function () { return call(path, true); });
      return res;
    });
  }

  function query() {
    var choice = periodChoice.value;
    if (choice !== 'custom') return 'period=' + encodeURIComponent(choice);
    return 'from=' + encodeURIComponent(document.getElementById('period-from').value) + '&to=' + encodeURIComponent(document.getElementById('period-to').value);
  }

  function refusal(res) {
    return res.json().catch(function () { return {}; }).then(function (body) {
      return body.error || 'The picture could not be read (' + res.status + '). Please try again.';
    });
  }

  function drawCharts() {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    if (!window.Chart) return;
    var theme = colours();
    picture.querySelectorAll('figure > .chart').forEach(function (box) { box.remove(); });
    var figures = picture.querySelectorAll('figure[data-chart]');
    Array.prototype.forEach.call(figures, function (figure) {
      var table = figure.querySelector('table');
      var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var across = figure.getAttribute('data-chart') === 'hbar';
      var labels = rows.map(function (row) { return row.cells[0].firstChild.textContent.trim(); });
      var datasets = [];
      heads.forEach(function (head, i) {
        if (!head.hasAttribute('data-series')) return;
        datasets.push({
          label: head.textContent,
          data: rows.map(function (row) { return Number(row.cells[i].getAttribute('data-value')); }),
          backgroundColor: theme.series[datasets.length % theme.series.length],
        });
      });
      var box = document.createElement('div');
      box.className = 'chart';
      box.style.height = (across ? Math.max(160, rows.length * datasets.length * 26 + 70) : 260) + 'px';
      var canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', table.caption.textContent + ': a chart of the table that follows.');
      box.appendChild(canvas);
      figure.insertBefore(box, table);
      var value = { beginAtZero: true, ticks: { precision: 0, color: theme.text }, grid: { color: theme.grid } };
      var label = { ticks: { color: theme.text }, grid: { color: theme.grid } };
      charts.push(new window.Chart(canvas, {
        type: 'bar',
        data: { labels: labels, datasets: datasets },
        options: {
          indexAxis: across ? 'y' : 'x',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: across ? { x: value, y: label } : { x: label, y: value },
          plugins: { legend: { display: datasets.length > 1, labels: { color: theme.text } } },
        },
      }));
    });
  }

  function show() {
    say('Reading the picture… (the whole history can take a few seconds)');
    picture.setAttribute('aria-busy', 'true');
    return call('/tab/api/picture?' + query())
      .then(function (res) {
        if (!res.ok) {
          return refusal(res).then(function (message) {
            picture.innerHTML = '';
            actions.hidden = true;
            if (res.status === 403) periodForm.hidden = true;
            say(message, 'error');
          });
        }
        return res.json().then(function (body) {
          picture.innerHTML = body.html;
          drawCharts();
          actions.hidden = false;
          say('Showing ' + body.label + '.');
        });
      })
      .catch(function () {
        say('The bot did not answer. Check your connection and press Show again.', 'error');
      })
      .then(function () { picture.removeAttribute('aria-busy'); });
  }

  function download(format) {
    say('Preparing the ' + (format === 'xlsx' ? 'Excel workbook' : 'CSV file') + '…');
    return call('/tab/api/return.' + format + '?' + query())
      .then(function (res) {
        if (!res.ok) return refusal(res).then(function (message) { say(message, 'error'); });
        var disposition = res.headers.get('content-disposition') || '';
        var name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || 'Professional disagreements.' + format;
        return res.blob().then(function (blob) {
          var link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = name;
          document.body.appendChild(link);
          link.click();
          setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
          say('Downloaded ' + name + '. Counts under 5 are shown as "fewer than 5".');
        });
      })
      .catch(function () { say('The download did not complete. Please try again.', 'error'); });
  }

  periodChoice.addEventListener('change', function () {
    customDates.hidden = periodChoice.value !== 'custom';
  });
  periodForm.addEventListener('submit', function (event) {
    event.preventDefault();
    show();
  });
  document.getElementById('download-xlsx').addEventListener('click', function () { download('xlsx'); });
  document.getElementById('download-csv').addEventListener('click', function () { download('csv'); });
  document.getElementById('print').addEventListener('click', function () { window.print(); });

  function start() {
    say('Signing you in…');
    return signIn()
      .then(function () {
        periodForm.hidden = false;
        return show();
      })
      .catch(function () {
        say(signInKind === 'teams' ? 'Teams could not sign you in. Close the tab and open it again; if it goes on, tell the secretariat.' : 'Could not sign in locally.', 'error');
      });
  }

  if (signInKind === 'local') {
    say('Choose whom to be, then sign in.');
    document.getElementById('local-sign-in').addEventListener('submit', function (event) {
      event.preventDefault();
      start();
    });
  } else {
    start();
  }
})();
