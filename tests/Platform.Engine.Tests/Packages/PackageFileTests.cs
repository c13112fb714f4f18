using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Engine.Packages;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Packages;

/// <summary>Package files read safely: a zip of one file per part round-trips; climbing paths, links, bombs and deep JSON are refused, each named.</summary>
public sealed class PackageFileTests
{
    private static readonly string[] Parts = ["forms", "roles", "workflows", "reports", "dashboards"];

    private static readonly JsonObject Package = JsonNode.Parse("""
        { "manifest": { "format": 1, "key": "crm", "name": { "en": "CRM", "zh-CN": "客户管理" }, "version": "1.0.0" },
          "forms": [ { "key": "customer", "fields": [ { "key": "name", "type": "text", "label": { "zh-CN": "客户名称" } } ] } ], "roles": [] }
        """)!.AsObject();

    private static MemoryStream Zip(params (string Name, string Text, bool Link)[] entries)
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text, link) in entries)
            {
                var entry = zip.CreateEntry(name);
                if (link) entry.ExternalAttributes = unchecked((int)0xA1FF0000); // a Unix symlink, mode 0777
                using var writer = new StreamWriter(entry.Open());
                writer.Write(text);
            }
        }
        file.Position = 0;
        return file;
    }

    private static ValidationError Refusal(Stream file) => Assert.Throws<ValidationFailedException>(() => PackageFile.Read(file, Parts))!.Errors.Single();

    [Test]
    public void A_zip_of_one_file_per_part_reads_as_the_json_package()
    {
        using var file = new MemoryStream();
        PackageFile.WriteZip(Package, file);
        file.Position = 0;

        var read = PackageFile.Read(file, Parts);

        Assert.That(read.ToJsonString(), Is.EqualTo(Package.ToJsonString()));
        file.Position = 0;
        using var zip = new ZipArchive(file);
        Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "manifest.json", "forms.json", "roles.json" }));
        Assert.That(new StreamReader(zip.GetEntry("forms.json")!.Open()).ReadToEnd(), Does.Contain("客户名称"), "readable Chinese, not escapes");
    }

    [Test]
    public void Climbing_paths_folders_links_and_unknown_entries_are_refused()
    {
        const string manifest = """{ "format": 1, "key": "crm", "name": "x", "version": "1.0.0" }""";
        Assert.That(Refusal(Zip(("manifest.json", manifest, false), ("../../etc/forms.json", "[]", false))).Code, Is.EqualTo("package.path"));
        Assert.That(Refusal(Zip(("manifest.json", manifest, false), ("/forms.json", "[]", false))).Code, Is.EqualTo("package.path"));
        Assert.That(Refusal(Zip(("manifest.json", manifest, false), ("parts/forms.json", "[]", false))).Code, Is.EqualTo("package.path"));
        Assert.That(Refusal(Zip(("manifest.json", manifest, false), ("forms.json", "/etc/passwd", true))).Code, Is.EqualTo("package.link"));
        var unknown = Refusal(Zip(("manifest.json", manifest, false), ("plugins.json", "[]", false)));
        Assert.That((unknown.Field, unknown.Code), Is.EqualTo(("plugins.json", "package.unknownPart")));
        Assert.That(Refusal(Zip(("forms.json", "[]", false))).Field, Is.EqualTo("manifest.json"));
        Assert.That(Refusal(new MemoryStream("PK\u0003\u0004 not a zip"u8.ToArray())).Code, Is.EqualTo("package.unreadable"));
    }

    [Test]
    public void A_zip_bomb_and_json_nested_ten_thousand_deep_are_refused_within_a_small_memory_budget()
    {
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var forms = zip.CreateEntry("forms.json", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 64; i++) forms.Write(block);
        }
        bomb.Position = 0;
        var deep = Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        Assert.That(Refusal(bomb).Code, Is.EqualTo("package.zipBomb"));
        var nested = Refusal(Zip(("manifest.json", """{ "format": 1 }""", false), ("forms.json", Encoding.UTF8.GetString(deep), false)));
        Assert.That((nested.Field, nested.Code), Is.EqualTo(("forms.json", "package.tooDeep")));
        Assert.That(Refusal(new MemoryStream(deep)).Code, Is.EqualTo("package.tooDeep"));

        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(20L * 1024 * 1024), "nothing was inflated");
    }
}
