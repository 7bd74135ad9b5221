/*
 * StratusChart: a small time-series chart drawn on a canvas, served by the Stratus console bundle
 * (no external library). StratusChart.draw(canvas, {from, to, series: [{name, color, points: [[ms, value], ...]}]})
 * draws axes, a legend, one line per series and a dot per point; the canvas's data-points attribute
 * says how many points were drawn.
 */
(function (global) {
    'use strict';

    function niceMax(value) {
        if (!(value > 0)) {
            return 1;
        }
        var magnitude = Math.pow(10, Math.floor(Math.log(value) / Math.LN10));
        var steps = [1, 2, 5, 10];
        for (var i = 0; i < steps.length; i++) {
            if (value <= steps[i] * magnitude) {
                return steps[i] * magnitude;
            }
        }
        return 10 * magnitude;
    }

    function label(ms) {
        var d = new Date(ms);
        function two(n) { return (n < 10 ? '0' : '') + n; }
        return two(d.getHours()) + ':' + two(d.getMinutes());
    }

    function draw(canvas, chart) {
        var ctx = canvas.getContext('2d');
        var width = canvas.width, height = canvas.height;
        var left = 44, right = 10, top = 22, bottom = 22;
        var plotWidth = width - left - right, plotHeight = height - top - bottom;
        var max = 0, drawn = 0;
        chart.series.forEach(function (s) {
            s.points.forEach(function (p) { max = Math.max(max, p[1]); });
        });
        max = niceMax(max);
        var span = Math.max(1, chart.to - chart.from);
        function x(ms) { return left + (ms - chart.from) / span * plotWidth; }
        function y(v) { return top + plotHeight - v / max * plotHeight; }

        ctx.clearRect(0, 0, width, height);
        ctx.font = '10px sans-serif';
        ctx.strokeStyle = '#999';
        ctx.fillStyle = '#555';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(left, top);
        ctx.lineTo(left, top + plotHeight);
        ctx.lineTo(left + plotWidth, top + plotHeight);
        ctx.stroke();
        for (var i = 0; i <= 4; i++) {
            var v = max * i / 4;
            var yy = y(v);
            ctx.strokeStyle = '#eee';
            ctx.beginPath();
            ctx.moveTo(left + 1, yy);
            ctx.lineTo(left + plotWidth, yy);
            ctx.stroke();
            ctx.fillText(String(Math.round(v * 100) / 100), 2, yy + 3);
        }
        for (var t = 0; t <= 4; t++) {
            var ms = chart.from + span * t / 4;
            ctx.fillText(label(ms), x(ms) - 14, height - 6);
        }
        var legendX = left;
        chart.series.forEach(function (s) {
            ctx.fillStyle = s.color;
            ctx.fillRect(legendX, 6, 10, 10);
            ctx.fillStyle = '#333';
            ctx.fillText(s.name, legendX + 14, 15);
            legendX += 24 + ctx.measureText(s.name).width;

            ctx.strokeStyle = s.color;
            ctx.fillStyle = s.color;
            ctx.lineWidth = 2;
            ctx.beginPath();
            s.points.forEach(function (p, index) {
                if (index === 0) {
                    ctx.moveTo(x(p[0]), y(p[1]));
                } else {
                    ctx.lineTo(x(p[0]), y(p[1]));
                }
            });
            ctx.stroke();
            s.points.forEach(function (p) {
                ctx.beginPath();
                ctx.arc(x(p[0]), y(p[1]), 3, 0, 2 * Math.PI);
                ctx.fill();
                drawn++;
            });
        });
        canvas.setAttribute('data-points', String(drawn));
        return drawn;
    }

    global.StratusChart = { draw: draw };
})(window);
