using System.Text.Json.Nodes;
using Platform.Designer.Roles;

namespace Platform.Designer.Tests.Roles;

/// <summary>The matrix's changes to a role's permission: one at a time, in the engine's order, everything else kept as written.</summary>
public sealed class PermissionDraftTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Test]
    public void Actions_are_ticked_in_the_engines_order_and_scopes_default_as_the_engine_reads_them()
    {
        var draft = new PermissionDraft(null);
        Assert.That((draft.None, draft.Scopes(PermissionDraft.Read), draft.Scopes(PermissionDraft.Write)), Is.EqualTo((true, new[] { "all" }, new[] { "all" })));

        draft = draft.WithAction("update", true).WithAction("read", true).WithAction("claim", true).WithAction("update", false);
        Assert.That(draft.ToJson().ToJsonString(), Is.EqualTo("""{"actions":["read","claim"]}"""));

        draft = draft.WithScopes(PermissionDraft.Read, ["pool", "own"]);
        Assert.That(draft.Scopes(PermissionDraft.Write), Is.EqualTo(new[] { "own", "pool" }), "write follows read until set");
    }

    [Test]
    public void A_custom_filter_and_a_newer_property_survive_every_change()
    {
        var draft = new PermissionDraft(Json("""{"actions":["read"],"read":["own",{"filter":{"field":"region","op":"eq","value":{"me":"region"}}}],"audit":true}"""));
        Assert.That(draft.CustomScopes(PermissionDraft.Read), Is.EqualTo(1));

        var json = draft.WithScopes(PermissionDraft.Read, ["all"]).WithAction("export", true).ToJson();
        Assert.That(json.ToJsonString(), Is.EqualTo("""{"actions":["read","export"],"read":["all",{"filter":{"field":"region","op":"eq","value":{"me":"region"}}}],"audit":true}"""));
    }

    [Test]
    public void A_field_right_is_written_only_when_it_is_not_editable()
    {
        var draft = new PermissionDraft(Json("""{"actions":["read"]}""")).WithRight("budget", "hidden").WithRight("phone", "readOnly");
        Assert.That((draft.Right("budget"), draft.Right("phone"), draft.Right("name")), Is.EqualTo(("hidden", "readOnly", "editable")));

        draft = draft.WithRight("budget", "editable").WithRight("phone", "editable");
        Assert.That(draft.ToJson().ToJsonString(), Is.EqualTo("""{"actions":["read"]}"""));
    }
}
