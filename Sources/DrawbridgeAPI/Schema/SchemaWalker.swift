/// The recursive walk behind `SchemaValidator.validate`. Patterns come compiled from
/// `CompiledPattern`'s process-wide cache.
struct SchemaWalker {
    var errors: [FieldError] = []

    mutating func visit(_ value: JSONValue, _ schema: JSONSchemaProps, _ path: String) {
        guard checkType(value, schema, path) else { return }
        if schema.format == "date-time", case .string(let text) = value, RFC3339.parse(text) == nil {
            errors.append(
                .invalid(
                    path, value,
                    "\(GoFormat.bodyPath(path)) in body must be of type date-time: \(GoFormat.quoted(text))",
                    reason: .typeInvalid))
        }
        if let allowed = schema.enum, !allowed.contains(where: { SchemaValidator.sameJSON($0, value) }) {
            errors.append(.notSupported(path, value, supported: allowed))
        }
        switch value {
        case .string(let text): checkString(text, schema, path)
        case .int, .double: checkNumber(value, schema, path)
        case .array(let items): checkArray(items, schema, path)
        case .object(let fields): checkObject(fields, schema, path)
        case .null, .bool: break
        }
    }

    /// False (after recording the error) when the JSON type does not fit, so nothing else is checked.
    mutating func checkType(_ value: JSONValue, _ schema: JSONSchemaProps, _ path: String) -> Bool {
        let actual = SchemaValidator.typeName(value)
        if value == .null {
            guard schema.nullable != true,
                let expected = schema.type ?? (schema.xIntOrString == true ? "integer,string" : nil)
            else { return false }
            errors.append(.typeInvalid(path, expected: expected, actual: actual))
            return false
        }
        let fits: Bool
        if schema.xIntOrString == true, schema.type == nil {
            fits = actual == "string" || actual == "integer" || isWholeNumber(value)
            if !fits { errors.append(.typeInvalid(path, expected: "integer,string", actual: actual)) }
            return fits
        }
        guard let expected = schema.type else { return true }
        switch expected {
        case "number": fits = actual == "number" || actual == "integer"
        case "integer": fits = actual == "integer" || isWholeNumber(value)
        default: fits = expected == actual
        }
        if !fits { errors.append(.typeInvalid(path, expected: expected, actual: actual)) }
        return fits
    }

    func isWholeNumber(_ value: JSONValue) -> Bool {
        if case .double(let number) = value { return number.rounded() == number && number.isFinite }
        return false
    }

    mutating func checkString(_ text: String, _ schema: JSONSchemaProps, _ path: String) {
        let value = JSONValue.string(text)
        let body = GoFormat.bodyPath(path)
        // kube-openapi counts runes (Unicode scalars), not bytes or grapheme clusters.
        let length = Int64(text.unicodeScalars.count)
        if let maxLength = schema.maxLength, length > maxLength {
            let unit = maxLength == 1 ? "byte" : "bytes"
            errors.append(
                FieldError(
                    field: path, reason: .tooLong, message: "Too long: may not be more than \(maxLength) \(unit)"))
        }
        if let minLength = schema.minLength, length < minLength {
            errors.append(.invalid(path, value, "\(body) in body should be at least \(minLength) chars long"))
        }
        if let pattern = schema.pattern {
            switch CompiledPattern.cached(pattern) {
            case .success(let regex):
                if !regex.matches(in: text) {
                    errors.append(.invalid(path, value, "\(body) in body should match '\(pattern)'"))
                }
            case .failure(let problem):
                errors.append(
                    .invalid(path, value, "\(body) in body has an invalid pattern '\(pattern)': \(problem.text)"))
            }
        }
    }

    mutating func checkNumber(_ value: JSONValue, _ schema: JSONSchemaProps, _ path: String) {
        guard let number = SchemaValidator.number(value) else { return }
        let body = GoFormat.bodyPath(path)
        if let minimum = schema.minimum {
            let exclusive = schema.exclusiveMinimum == true
            if exclusive ? number <= minimum : number < minimum {
                let relation = exclusive ? "greater than" : "greater than or equal to"
                errors.append(
                    .invalid(path, value, "\(body) in body should be \(relation) \(GoFormat.number(minimum))"))
            }
        }
        if let maximum = schema.maximum {
            let exclusive = schema.exclusiveMaximum == true
            if exclusive ? number >= maximum : number > maximum {
                let relation = exclusive ? "less than" : "less than or equal to"
                errors.append(
                    .invalid(path, value, "\(body) in body should be \(relation) \(GoFormat.number(maximum))"))
            }
        }
    }

    mutating func checkArray(_ items: [JSONValue], _ schema: JSONSchemaProps, _ path: String) {
        let count = Int64(items.count)
        if let maxItems = schema.maxItems, count > maxItems {
            let noun = maxItems == 1 ? "item" : "items"
            errors.append(
                FieldError(
                    field: path, reason: .tooMany, message: "Too many: \(count): must have at most \(maxItems) \(noun)")
            )
        }
        if let minItems = schema.minItems, count < minItems {
            errors.append(
                .invalid(
                    path, .int(count), "\(GoFormat.bodyPath(path)) in body should have at least \(minItems) items"))
        }
        if let itemSchema = schema.items {
            for (index, item) in items.enumerated() {
                visit(item, itemSchema, "\(path)[\(index)]")
            }
        }
        checkListUniqueness(items, schema, path)
    }

    /// `x-kubernetes-list-type: set` items and `map` keys must be unique.
    mutating func checkListUniqueness(_ items: [JSONValue], _ schema: JSONSchemaProps, _ path: String) {
        var seen: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let identity: JSONValue
            switch schema.xListType {
            case "set": identity = item
            case "map":
                guard case .object(let fields) = item else { continue }
                var key: [String: JSONValue] = [:]
                for name in schema.xListMapKeys ?? [] { key[name] = fields[name] }
                identity = .object(key)
            default: return
            }
            if seen.contains(identity) {
                errors.append(
                    FieldError(
                        field: "\(path)[\(index)]", reason: .duplicate,
                        message: "Duplicate value: \(GoFormat.value(identity))"))
            } else {
                seen.append(identity)
            }
        }
    }

    mutating func checkObject(_ fields: [String: JSONValue], _ schema: JSONSchemaProps, _ path: String) {
        var required = schema.required ?? []
        if schema.xEmbeddedResource == true { required += ["apiVersion", "kind"] }
        for name in required where fields[name] == nil {
            errors.append(.required(SchemaValidator.child(path, name)))
        }
        let extraSchema = schema.additionalPropertiesSchema
        for name in fields.keys.sorted() {
            guard let member = fields[name] else { continue }
            if let propertySchema = schema.properties?[name] {
                visit(member, propertySchema, SchemaValidator.child(path, name))
            } else if let extraSchema {
                visit(member, extraSchema, SchemaValidator.child(path, name))
            }
        }
    }
}
