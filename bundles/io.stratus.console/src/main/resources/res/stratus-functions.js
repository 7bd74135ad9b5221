/* The function page of the Stratus console: charts, live log tail, invoke form, configuration. */
(function () {
    'use strict';
    var root = document.getElementById('function');
    if (!root) {
        return;
    }
    var api = root.getAttribute('data-api');
    var seen = {};
    var since = Date.now() - 3600 * 1000;

    function request(method, path, body) {
        return fetch(api + '/' + path, {
            method: method,
            credentials: 'same-origin',
            headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
            body: body
        }).then(function (response) {
            return response.json().then(function (json) {
                json.httpStatus = response.status;
                return json;
            });
        });
    }

    function charts() {
        return request('GET', 'metrics').then(function (m) {
            ['hour', 'day'].forEach(function (range) {
                var w = m[range];
                StratusChart.draw(document.getElementById('chart-' + range + '-count'), {
                    from: w.from, to: w.to, series: [
                        { name: 'Invocations', color: '#1f77b4', points: w.invocations },
                        { name: 'Errors', color: '#d62728', points: w.errors }]
                });
                StratusChart.draw(document.getElementById('chart-' + range + '-duration'), {
                    from: w.from, to: w.to, series: [
                        { name: 'Average', color: '#2ca02c', points: w.duration },
                        { name: 'p99', color: '#ff7f0e', points: w.p99 }]
                });
            });
        });
    }

    function logs() {
        return request('GET', 'logs?since=' + since).then(function (answer) {
            var log = document.getElementById('log');
            answer.events.forEach(function (e) {
                if (seen[e.eventId]) {
                    return;
                }
                seen[e.eventId] = true;
                since = Math.max(since, e.timestamp);
                var line = document.createElement('div');
                line.className = 'stratus-log-line';
                line.textContent = new Date(e.timestamp).toISOString() + '  ' + e.message;
                log.appendChild(line);
            });
            if (answer.events.length) {
                log.scrollTop = log.scrollHeight;
            }
        });
    }

    document.getElementById('invoke').addEventListener('click', function () {
        var result = document.getElementById('result');
        result.textContent = 'Invoking...';
        request('POST', 'invoke', document.getElementById('payload').value).then(function (r) {
            if (r.httpStatus !== 200) {
                result.textContent = 'Refused: ' + r.message;
                return;
            }
            result.textContent = (r.functionError ? 'Error (' + r.functionError + ')\n' : 'Succeeded\n')
                + 'Request id: ' + r.requestId + '\n' + r.payload;
            result.setAttribute('data-request-id', r.requestId);
            // the monitoring bundle records the invocation a moment after the answer
            setTimeout(function () { logs(); charts(); }, 300);
        });
    });

    document.getElementById('save').addEventListener('click', function () {
        var environment = {};
        document.getElementById('environment').value.split('\n').forEach(function (line) {
            var at = line.indexOf('=');
            if (at > 0) {
                environment[line.substring(0, at).trim()] = line.substring(at + 1);
            }
        });
        var config = {
            memorySize: parseInt(document.getElementById('memorySize').value, 10),
            timeout: parseInt(document.getElementById('timeout').value, 10),
            description: document.getElementById('description').value,
            environment: environment
        };
        var status = document.getElementById('config-status');
        request('POST', 'config', JSON.stringify(config)).then(function (r) {
            status.textContent = r.httpStatus === 200 ? 'Saved' : 'Refused: ' + r.message;
        });
    });

    charts();
    logs();
    setInterval(logs, 2000);
    setInterval(charts, 15000);
})();
