// Progressive enhancement for the chair's case timer: the page shows the minutes when it is served;
// this keeps the number ticking while the case runs. Without JavaScript the page still works.
for (const timer of document.querySelectorAll(".marac-timer[data-running='yes']")) {
  const started = Date.parse(timer.dataset.started);
  if (Number.isNaN(started)) continue;
  const tick = () => {
    timer.textContent = String(Math.max(0, Math.floor((Date.now() - started) / 60000)));
  };
  setInterval(tick, 15000);
}
