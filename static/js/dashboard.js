// Draws the dashboard's charts from the JSON the page carries (#dashboard-charts); every chart has its
// figures in the table beside it, so nothing is lost where the canvas cannot be read.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") return;
  var charts = JSON.parse(source.textContent);
  var colours = ["#1f5fa8", "#d9822b", "#2e8540", "#8e44ad", "#c0392b"];
  Object.keys(charts).forEach(function (id) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    var spec = charts[id];
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: colours[i % colours.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        // Counts are whole numbers: no 0,5 ticks on the value axis.
        scales: spec.horizontal
          ? { x: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: !!spec.stacked } }
          : { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
