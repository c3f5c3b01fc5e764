import GateKitExamples
import Testing

@Suite("JSON output lines")
struct JSONValueTests {
  @Test func keepsKeyOrderAndPrintsIntegersWithoutFractions() {
    let value = JSONValue.object([
      ("z", .number(33)), ("a", .number(0.5)), ("list", .array([.bool(true), .number(-2)])),
    ])
    #expect(value.text == #"{"z":33,"a":0.5,"list":[true,-2]}"#)
  }

  @Test func escapesStringsAndMapsNonFiniteNumbersToNull() {
    #expect(JSONValue.string("a\"b\\c\nd\u{1}").text == #""a\"b\\c\nd\u0001""#)
    #expect(JSONValue.number(.nan).text == "null")
    #expect(JSONValue.number(-.infinity).text == "null")
    #expect(JSONValue.number(1e-7).text == "1e-07")
  }
}
