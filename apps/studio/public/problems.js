/**
 * A runner that shows what went wrong in `element` (cleared first) instead of throwing, so a
 * failed request leaves the handset usable and says why.
 */
export function showingProblems(element) {
  return async (work) => {
    element.textContent = '';
    try {
      await work();
    } catch (problem) {
      element.textContent = problem instanceof Error ? problem.message : String(problem);
    }
  };
}
