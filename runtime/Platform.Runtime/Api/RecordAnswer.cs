using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Models;
using Platform.Engine.Records;

namespace Platform.Runtime.Api;

/// <summary>
/// A record of a page, written straight to the response as <see cref="RecordJson.WriteTo"/> writes it (its system fields,
/// then field keys → values; with <see cref="Fields"/>, only those and the id and version): fifty records without a JSON
/// node for each value.
/// </summary>
[JsonConverter(typeof(RecordAnswerConverter))]
public sealed class RecordAnswer(FormModel model, RecordData record, IReadOnlyCollection<string>? fields)
{
    internal FormModel Model => model;

    internal RecordData Record => record;

    internal IReadOnlyCollection<string>? Fields => fields;
}

internal sealed class RecordAnswerConverter : JsonConverter<RecordAnswer>
{
    public override RecordAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A record answer is only ever written.");

    public override void Write(Utf8JsonWriter writer, RecordAnswer value, JsonSerializerOptions options) =>
        RecordJson.WriteTo(writer, value.Model, value.Record, value.Fields);
}
