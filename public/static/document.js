// @ts-check
// Document page: the browser already scrolls to and (via :target CSS) highlights the cited unit;
// moving focus there as well lets keyboard and screen-reader users continue from the citation.
const focusTarget = () => {
  const id = decodeURIComponent(location.hash.slice(1));
  if (id === '') return;
  const unit = document.getElementById(id);
  if (unit && unit.classList.contains('unit')) unit.focus({ preventScroll: true });
};
focusTarget();
window.addEventListener('hashchange', focusTarget);
