using Platform.Engine.Files;
using Platform.Engine.Records;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Files;

/// <summary>
/// The file store: files kept once by their content's hash and typed by their bytes, linked by attachment fields only by
/// their uploader, downloaded through the record that links them under its rights, refused whole beyond the size limit.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FileTests(TestDatabase target) : EngineFixture(target)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private string _folder = null!;
    private FileStore _store = null!;

    [SetUp]
    public void CreateStore()
    {
        _folder = Path.Combine(Path.GetTempPath(), "platform-files-" + Guid.NewGuid().ToString("N"));
        _store = new FileStore(Database, new FileStoreOptions { Directory = _folder, MaxFileBytes = 100_000 }, Clock);
        Records = new RecordService(Database, Sandbox, Clock, steps: [new CheckFilesStep()]);
    }

    [TearDown]
    public void RemoveStore()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static object Link(StoredFile file) => new { name = file.Name, url = file.Url, size = file.Size, contentType = file.ContentType };

    [TestCase(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "notes.txt", "image/png", true)]
    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "x", "image/jpeg", true)]
    [TestCase(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "a.webp", "image/webp", true)]
    [TestCase(new byte[] { 0x3C, 0x73, 0x76, 0x67, 0x3E }, "logo.svg", ContentSniffer.Text, false)]
    [TestCase(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E }, "photo.png", ContentSniffer.Text, false)]
    [TestCase(new byte[] { 0x50, 0x4B, 0x03, 0x04, 20 }, "Quote.XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false)]
    [TestCase(new byte[] { 0x50, 0x4B, 0x03, 0x04, 20 }, "x.exe", "application/zip", false)]
    [TestCase(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 }, "report.pdf", ContentSniffer.Binary, false)]
    [TestCase(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "contract", "application/pdf", false)]
    [TestCase(new byte[] { 0xE4, 0xBD, 0xA0, 0xE5, 0xA5 }, "你好.txt", ContentSniffer.Text, false)]
    public void A_file_is_what_its_bytes_say_and_only_a_raster_image_is_shown_inline(byte[] header, string name, string type, bool inline)
    {
        Assert.That(ContentSniffer.Sniff(header, name), Is.EqualTo(type));
        Assert.That(ContentSniffer.ShownInline(type), Is.EqualTo(inline));
    }

    [Test]
    public async Task An_upload_is_kept_once_linked_by_its_uploader_and_downloaded_through_the_record_by_whoever_may_read_it()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "files", "type": "attachment" } ] }""");
        var users = new UserService(Database, Clock);
        var rep = (await users.CreateAsync($"r-{app}@example.com", "long enough pw", "Rep", false, ct: default)).Id;
        var other = (await users.CreateAsync($"o-{app}@example.com", "long enough pw", "Other", false, ct: default)).Id;

        var photo = await _store.SaveAsync(new MemoryStream(Png), @"C:\Users\rep\site photo.png", User(rep));
        var again = await _store.SaveAsync(new MemoryStream(Png), "copy.png", User(rep));
        Assert.That((photo.Name, photo.Size, photo.ContentType, photo.Url), Is.EqualTo(("site photo.png", (long)Png.Length, "image/png", again.Url)));
        Assert.That(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories), Has.Length.EqualTo(1), "the same bytes are kept once");

        var deal = await Records.CreateAsync(form, Json.From(new { name = "Acme", files = new[] { Link(photo) } }), User(rep));
        await using (var download = await new RecordFiles(Records, _store).OpenAsync(form, deal.Id, photo.Url[7..], User(other)))
        {
            Assert.That((download.Name, download.ContentType, download.Inline, download.Size), Is.EqualTo(("site photo.png", "image/png", true, (long)Png.Length)));
            var bytes = new MemoryStream();
            await download.Content.CopyToAsync(bytes);
            Assert.That(bytes.ToArray(), Is.EqualTo(Png));
        }

        // Someone else cannot attach the rep's upload to a record of their own (and so download it through that record).
        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.CreateAsync(form, Json.From(new { name = "Mine", files = new[] { Link(photo) } }), User(other)));
        Assert.That(taken!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("files[0]", "file.notYours") }));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.CreateAsync(form, Json.From(new { name = "Mine", files = new[] { Link(photo with { Url = "/files/" + new string('a', 64) }) } }), User(other)));
        Assert.That(unknown!.Errors.Single().Code, Is.EqualTo("file.notFound"));
        // What a record links already stays linkable by whoever edits it.
        var edited = await Records.UpdateAsync(form, deal.Id, Json.From(new { name = "Acme Ltd", files = new[] { Link(photo) } }), deal.Version, User(other));
        Assert.That(edited.Values["name"], Is.EqualTo("Acme Ltd"));

        // Only its uploader sees an upload no record links; a hash is not a way in.
        await using (var own = await _store.OpenOwnAsync(photo.Url[7..], User(rep))) Assert.That(own.Name, Is.EqualTo("site photo.png"));
        await Assert.ThrowsAsync<NotFoundException>(() => _store.OpenOwnAsync(photo.Url[7..], User(other)));
        var text = await _store.SaveAsync(new MemoryStream("call back"u8.ToArray()), "note.txt", User(other));
        await Assert.ThrowsAsync<NotFoundException>(() => new RecordFiles(Records, _store).OpenAsync(form, deal.Id, text.Url[7..], User(rep)), "not linked by this record");
        await Assert.ThrowsAsync<NotFoundException>(() => new RecordFiles(Records, _store).OpenAsync(form, deal.Id, "../../etc/passwd", User(rep)));
    }

    [Test]
    public async Task A_subforms_rows_link_files_by_the_same_rules_and_download_them_through_the_record()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """
            { "key": "visit_log", "fields": [ { "key": "name", "type": "text" },
              { "key": "visits", "type": "subform", "fields": [ { "key": "place", "type": "text" }, { "key": "photos", "type": "attachment" } ] } ] }
            """);
        var users = new UserService(Database, Clock);
        var rep = (await users.CreateAsync($"r-{app}@example.com", "long enough pw", "Rep", false, ct: default)).Id;
        var other = (await users.CreateAsync($"o-{app}@example.com", "long enough pw", "Other", false, ct: default)).Id;
        var photo = await _store.SaveAsync(new MemoryStream(Png), "shop front.png", User(rep));

        var log = await Records.CreateAsync(form, Json.From(new { name = "Week 48", visits = new object[] { new { place = "Hangzhou" }, new { place = "Ningbo", photos = new[] { Link(photo) } } } }), User(rep));
        await using (var download = await new RecordFiles(Records, _store).OpenAsync(form, log.Id, photo.Url[7..], User(other)))
            Assert.That(download.Name, Is.EqualTo("shop front.png"), "a file in a row is downloaded through the record like any other");

        // Someone else's upload is refused in a row too, said at the row's cell; a row moved up keeps the photos the record had.
        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.CreateAsync(form, Json.From(new { name = "Mine", visits = new[] { new { place = "Suzhou", photos = new[] { Link(photo) } } } }), User(other)));
        Assert.That(taken!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("visits[0].photos[0]", "file.notYours") }));
        var moved = await Records.UpdateAsync(form, log.Id, Json.From(new { visits = new[] { new { place = "Ningbo", photos = new[] { Link(photo) } } } }), log.Version, User(other));
        Assert.That(moved.Version, Is.EqualTo(log.Version + 1));
    }

    [Test]
    public async Task A_download_through_a_record_takes_the_records_rights_and_the_fields_visibility()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "files", "type": "attachment" } ] }""");
        var users = new UserService(Database, Clock);
        var rep = (await users.CreateAsync($"r-{app}@example.com", "long enough pw", "Rep", false, ct: default)).Id;
        var peer = (await users.CreateAsync($"p-{app}@example.com", "long enough pw", "Peer", false, ct: default)).Id;
        var roles = new RoleService(Database, Clock);
        var permissions = new PermissionService(Database, Forms, Clock);
        await roles.CreateAsync(app, "rep", new Platform.Engine.Forms.LocalizedText("Rep"));
        await permissions.SetAsync(app, "rep", "deal", Json.Of("""{ "actions": [ "read", "create", "update" ], "read": "own", "write": "own" }"""));
        await roles.CreateAsync(app, "viewer", new Platform.Engine.Forms.LocalizedText("Viewer"));
        await permissions.SetAsync(app, "viewer", "deal", Json.Of("""{ "actions": [ "read" ], "read": "all", "fields": { "files": "hidden" } }"""));
        await roles.AddMemberAsync(app, "rep", rep);
        await roles.AddMemberAsync(app, "rep", peer);
        var viewer = (await users.CreateAsync($"v-{app}@example.com", "long enough pw", "Viewer", false, ct: default)).Id;
        await roles.AddMemberAsync(app, "viewer", viewer);
        var access = new AccessResolver(Database);
        async Task<CallerContext> As(long user) => User(user) with { Access = await access.ForUserAsync(user, false) };

        var contract = await _store.SaveAsync(new MemoryStream("%PDF-1.7 contract"u8.ToArray()), "contract.pdf", await As(rep));
        var deal = await Records.CreateAsync(form, Json.From(new { name = "Acme", files = new[] { Link(contract) } }), await As(rep));
        var files = new RecordFiles(Records, _store);
        await using (var mine = await files.OpenAsync(form, deal.Id, contract.Url[7..], await As(rep)))
            Assert.That((mine.ContentType, mine.Inline), Is.EqualTo(("application/pdf", false)), "saved, never shown in the page");
        var peerCaller = await As(peer);
        var viewerCaller = await As(viewer);
        await Assert.ThrowsAsync<NotFoundException>(() => files.OpenAsync(form, deal.Id, contract.Url[7..], peerCaller), "another rep's record is outside the scope");
        await Assert.ThrowsAsync<NotFoundException>(() => files.OpenAsync(form, deal.Id, contract.Url[7..], viewerCaller), "the field is hidden from the viewer");
    }

    [Test]
    public async Task A_file_over_the_limit_is_refused_whole_and_leaves_nothing()
    {
        var refused = await Assert.ThrowsAsync<TooLargeException>(() => _store.SaveAsync(new MemoryStream(new byte[100_001]), "big.bin", User(1)));
        Assert.That(refused!.Code, Is.EqualTo("file.tooLarge"));
        Assert.That(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories), Is.Empty);
        var unnamed = await Assert.ThrowsAsync<ValidationFailedException>(() => _store.SaveAsync(new MemoryStream([1]), "  ", User(1)));
        Assert.That(unnamed!.Errors.Single().Field, Is.EqualTo("name"));
        await using var connection = await Database.OpenAsync();
        Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM pf_files WHERE name = 'big.bin'"), Is.Zero);
    }
}
