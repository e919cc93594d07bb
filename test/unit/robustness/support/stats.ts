/** Counts of fuzz cases, printed when the robustness suite ends. */
export const stats = {
  prefixes: 0,
  mutations: 0,
  projectMutations: 0,
  fixChecks: 0,
};
