// How the popup and the options page list the catalogue. Pure.

/**
 * The catalogue's groups (guidance.js `catalogue`) with each category listed once: under
 * the first group that holds it, in the document's order of groups. A category in two
 * groups (telephone and email are both ways of working online and of communicating)
 * would otherwise appear twice in one list. A group left with no category is dropped.
 */
export function eachCategoryOnce(groups) {
  const listed = new Set();
  const result = [];
  for (const group of groups ?? []) {
    const categories = (group.categories ?? []).filter((category) => {
      if (listed.has(category.id)) return false;
      listed.add(category.id);
      return true;
    });
    if (categories.length) result.push({ ...group, categories });
  }
  return result;
}
