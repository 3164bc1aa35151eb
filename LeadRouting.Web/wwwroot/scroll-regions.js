// A table wider than its box scrolls inside it (a phone, a long matrix). Keyboard users must be able to reach that
// scroll: such a box gets tabindex="0" (and loses it again when it no longer scrolls). MudBlazor renders the boxes
// (.mud-table-container) without one; axe-core's "scrollable-region-focusable" rule finds them.
(() => {
  const mark = () => {
    for (const box of document.querySelectorAll('.mud-table-container')) {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.dataset.scrollRegion = 'true';
      } else if (!scrolls && box.dataset.scrollRegion === 'true') {
        box.removeAttribute('tabindex');
        delete box.dataset.scrollRegion;
      }
    }
  };
  let pending = false;
  const schedule = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; mark(); });
    }
  };
  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener('resize', schedule);
  schedule();
})();
