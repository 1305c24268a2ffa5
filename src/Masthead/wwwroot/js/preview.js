// Live preview for the article editor: sends the Markdown to the server, which renders and
// sanitises it exactly as readers will see it.
(function () {
  const body = document.querySelector('[data-preview-target]');
  if (!body) return;
  const target = document.getElementById(body.dataset.previewTarget);
  const form = body.form;
  const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
  let timer = 0;
  let sent = 0;

  async function render() {
    const ticket = ++sent;
    const response = await fetch('/newsroom/preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token },
      body: JSON.stringify({ markdown: body.value }),
      credentials: 'same-origin',
    });
    if (!response.ok || ticket !== sent) return;
    const result = await response.json();
    target.innerHTML = result.html;
  }

  // Anything typed before this script loaded is previewed at once.
  if (body.value && !target.innerHTML.trim()) render();

  body.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(render, 250);
  });
})();
