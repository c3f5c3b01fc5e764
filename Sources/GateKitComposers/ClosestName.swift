/// The defined name that an unknown `name` most likely misspells: one that differs only in
/// letter case, or else the nearest by edit distance (insertions, deletions, substitutions
/// and swaps of neighbours) when at most a third of the longer name differs, so that a
/// typo such as `hiden` finds `hidden` while `q` does not "find" an unrelated `p`. Ties go
/// to the name defined first; `nil` when nothing is close.
///
/// - Parameters:
///   - name: The unknown name.
///   - candidates: The defined names, in definition order.
/// - Returns: The suggestion, or `nil`.
func closestName(to name: String, among candidates: [String]) -> String? {
  if let match = candidates.first(where: { $0.lowercased() == name.lowercased() }) {
    return match
  }
  var best: (name: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(Array(name), Array(candidate))
    guard distance * 3 <= max(name.count, candidate.count) else { continue }
    if distance < best?.distance ?? .max { best = (candidate, distance) }
  }
  return best?.name
}

/// The edit distance between two strings, counting an insertion, a deletion, a
/// substitution or a swap of two adjacent characters as one edit (the optimal string
/// alignment distance), by dynamic programming over three rows.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  var beforePrevious = [Int](repeating: 0, count: b.count + 1)
  var previous = Array(0...b.count)
  for i in a.indices {
    var current = [i + 1] + [Int](repeating: 0, count: b.count)
    for j in b.indices {
      current[j + 1] = min(
        previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
      if i > 0, j > 0, a[i] == b[j - 1], a[i - 1] == b[j] {
        current[j + 1] = min(current[j + 1], beforePrevious[j - 1] + 1)
      }
    }
    (beforePrevious, previous) = (previous, current)
  }
  return previous[b.count]
}
