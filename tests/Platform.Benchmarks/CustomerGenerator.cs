using System.Globalization;
using System.Text.Json;

namespace Platform.Benchmarks;

/// <summary>One generated customer, as CLR values (for raw SQL) and as the JSON an integrator sends.</summary>
public sealed record Customer(string Name, long Company, string Stage, long Sales, decimal Amount, string Source, string[] Tags,
    string Email, string Phone, DateOnly FirstContact, DateTime LastActivity, decimal Score, string City);

/// <summary>Deterministic: customer <c>i</c> is the same on every run and machine.</summary>
public sealed class CustomerGenerator(IReadOnlyList<long> companies, IReadOnlyList<long> users)
{
    private static readonly string[] Cities = ["杭州", "上海", "北京", "深圳", "成都", "Singapore", "London", "Berlin", "São Paulo", "Toronto"];
    private static readonly string[] Words = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "星辰", "天工", "远航", "Stark"];

    public Customer Make(int i)
    {
        var random = new Random(unchecked(i * 7919 + 17));
        var tagCount = random.Next(0, 3);
        return new Customer(
            $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} {i}",
            companies[random.Next(companies.Count)],
            CustomerForm.Stages[random.Next(CustomerForm.Stages.Length)],
            users[random.Next(users.Count)],
            Math.Round((decimal)random.NextDouble() * 1_000_000m, 2),
            CustomerForm.Sources[random.Next(CustomerForm.Sources.Length)],
            CustomerForm.Tags.OrderBy(_ => random.Next()).Take(tagCount).ToArray(),
            $"contact{i}@example.com",
            $"+86 1{random.Next(30, 99)} {random.Next(1000, 9999)} {random.Next(1000, 9999)}",
            new DateOnly(2020, 1, 1).AddDays(random.Next(0, 2500)),
            new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 900_000)),
            random.Next(0, 101),
            Cities[random.Next(Cities.Length)]);
    }

    public static JsonElement ToJson(Customer c)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteNumber("company", c.Company);
            json.WriteString("stage", c.Stage);
            json.WriteNumber("sales", c.Sales);
            json.WriteNumber("amount", c.Amount);
            json.WriteString("source", c.Source);
            json.WriteStartArray("tags");
            foreach (var tag in c.Tags) json.WriteStringValue(tag);
            json.WriteEndArray();
            json.WriteString("email", c.Email);
            json.WriteString("phone", c.Phone);
            json.WriteString("firstContact", c.FirstContact.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("lastActivity", c.LastActivity.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("score", c.Score);
            json.WriteString("city", c.City);
            json.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }
}
