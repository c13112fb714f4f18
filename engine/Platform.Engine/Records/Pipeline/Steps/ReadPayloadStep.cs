using Platform.Engine.Records.Schemas;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Reads what was sent into field values with the field codecs. A field hidden from the caller is
/// refused as unknown. When a value is refused, the JSON Schema's wording replaces the codec's for the
/// fields the schema flags, so an integrator sees the limits the schema documents; one answer either way.
/// </summary>
internal sealed class ReadPayloadStep() : BuiltInStep("read-payload", StepOrder.ReadPayload, WriteKind.Change, needsValidInput: false)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var view = batch.Caller.Fields(batch.Model);
        foreach (var item in batch.Items)
        {
            var errors = new List<ValidationError>();
            var payload = PayloadReader.Read(batch.Model, item.Payload!.Value, item.Prefix, view, errors);
            if (errors.Count > 0) errors = WithSchemaWording(batch, item, view, errors);
            batch.Errors.AddRange(errors);
            foreach (var (key, value) in payload.Values) item.Sent[key] = value;
            item.SentOwner = payload.Owner;
            item.OwnerSent = payload.OwnerSent;
            item.SentSystem = payload.System;
            if (batch.Kind == WriteKind.Create)
            {
                item.Values = new Dictionary<string, object?>(item.Sent, StringComparer.Ordinal);
            }
            else
            {
                item.ExpectedVersion ??= payload.Version;
                if (item.ExpectedVersion is null) batch.Errors.Add(new(item.Prefix + "version", "version.required"));
            }
        }
        return ValueTask.CompletedTask;
    }

    private static List<ValidationError> WithSchemaWording(RecordWriteBatch batch, RecordWrite item, FieldView view, List<ValidationError> errors)
    {
        var schema = PayloadSchemaCheck.Validate(batch.Model, item.Payload!.Value, item.Prefix)
            .Where(e => view.CanRead(e.Field[item.Prefix.Length..].Split('.', '[')[0]) || e.Code == "unknownField")
            .ToList();
        var failing = schema.Select(e => e.Field).ToHashSet();
        schema.AddRange(errors.Where(e => !failing.Contains(e.Field) &&
            !failing.Any(f => e.Field.StartsWith(f + ".", StringComparison.Ordinal) || e.Field.StartsWith(f + "[", StringComparison.Ordinal))));
        return schema;
    }
}
