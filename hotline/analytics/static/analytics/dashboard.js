// Draws the leaders' charts from the JSON the page carries (CSP: no inline script).
(function () {
  "use strict";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var tooltip = {trigger: "item", renderMode: "richText"};

  function stacked(series) {
    return {
      tooltip: {trigger: "axis", renderMode: "richText"},
      legend: {top: 0, type: "scroll"},
      grid: {left: 48, right: 16, top: 36, bottom: 28},
      xAxis: {type: "category", data: series.days},
      yAxis: {type: "value", minInterval: 1},
      series: series.lines.map(function (line) {
        return {name: line.name, type: "line", stack: "total", areaStyle: {}, symbol: "none", data: line.data};
      })
    };
  }

  var builders = {
    volume: function (d) { return stacked(d.series); },
    category_trend: function (d) { return stacked(d.category_series); },
    categories: function (d) {
      var rows = d.categories.slice(0, 12).reverse();
      return {
        tooltip: tooltip,
        grid: {left: 120, right: 24, top: 8, bottom: 24},
        xAxis: {type: "value", minInterval: 1},
        yAxis: {type: "category", data: rows.map(function (r) { return r.name; })},
        series: [{type: "bar", data: rows.map(function (r) { return r.value; }), itemStyle: {color: "#b42318"}}]
      };
    },
    channels: function (d) {
      return {
        tooltip: tooltip,
        series: [{type: "pie", radius: ["35%", "65%"], data: d.channels}]
      };
    },
    heat: function (d) {
      return {
        tooltip: tooltip,
        series: [{
          type: "treemap", roam: false, nodeClick: false, breadcrumb: {show: false},
          leafDepth: 2, data: d.heat,
          levels: [
            {itemStyle: {borderColor: "#fff", borderWidth: 3, gapWidth: 3}, upperLabel: {show: true}},
            {colorSaturation: [0.35, 0.6], itemStyle: {gapWidth: 1}}
          ],
          visualDimension: 0, colorMappingBy: "value",
          color: ["#fff3bf", "#ffa8a8", "#c92a2a"]
        }]
      };
    }
  };

  function draw() {
    if (!window.echarts) { return; }
    var d = data("dashboard-data") || data("problem-data");
    if (!d) { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var build = builders[node.getAttribute("data-chart")];
      if (!build) { return; }
      var chart = window.echarts.init(node, null, {renderer: "canvas"});
      chart.setOption(build(d));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  builders.trend = function (d) {
    return {
      tooltip: {trigger: "axis", renderMode: "richText"},
      grid: {left: 48, right: 16, top: 24, bottom: 28},
      xAxis: {type: "category", data: d.months},
      yAxis: {type: "value", minInterval: 1},
      series: [{type: "bar", data: d.counts, itemStyle: {color: "#1c7ed6"},
                markLine: {symbol: "none", data: [{yAxis: d.baseline, name: d.baseline_label}],
                           lineStyle: {color: "#d64545", type: "dashed"}}}]
    };
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
