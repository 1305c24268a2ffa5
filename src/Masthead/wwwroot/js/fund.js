// Keeps the fighting-fund widget live: the server pushes new figures (Server-Sent Events) the moment
// a gift is recorded. Without JavaScript the widget still shows the figures the page was served with.
(function () {
  const widget = document.querySelector('[data-fund-live]');
  if (!widget || !('EventSource' in window)) return;
  const field = (name) => widget.querySelector('[data-fund="' + name + '"]');
  const source = new EventSource(widget.dataset.fundLive);

  source.addEventListener('fund', function (event) {
    const fund = JSON.parse(event.data);
    if (!fund) { widget.hidden = true; return; }
    const view = fund.display;
    widget.hidden = false;
    field('raised').textContent = view.raised;
    field('needed').textContent = view.needed_sentence;
    field('needed-label').textContent = view.target_reached ? "We've done it" : 'We need';
    field('days').textContent = String(view.days_remaining);
    field('days-label').textContent = view.days_remaining === 1 ? 'Day remaining' : 'Days remaining';
    const bar = field('percent');
    bar.value = view.percent;
    bar.textContent = view.percent + '%';
    widget.dataset.fundVersion = String(fund.raised_pence);
  });
})();
