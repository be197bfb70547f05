/// Stops the run as a crash when a property every input must satisfy does not hold, so libFuzzer
/// saves the input: a harness finds wrong answers as well as traps.
///
/// `fatalError` rather than `precondition`: it also stops an optimized build.
public func invariant(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
    line: UInt = #line
) {
    if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}
