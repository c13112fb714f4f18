using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>
/// What a password must be: at least 8 characters (at most 1,000) and not one of the passwords people use most, in any
/// case. No rules about digits or symbols: they make passwords harder to remember, not to guess.
/// </summary>
public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 1000;

    // The most used passwords in published leak studies, with those common in China; any case, so "Password1" counts.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "12345678", "123456789", "1234567890", "12341234",
        "11111111", "00000000", "88888888", "66666666", "87654321", "11223344", "123123123", "qwertyui", "qwerty123", "qwertyuiop",
        "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "qazwsxedc", "asdfghjk", "asdfasdf", "iloveyou", "sunshine", "princess", "football",
        "baseball", "superman", "starwars", "whatever", "trustno1", "letmein1", "welcome1", "welcome123", "admin123", "administrator",
        "changeme", "changeme123", "abc12345", "abcd1234", "a1234567", "a12345678", "aa123456", "asd123456", "qq123456", "woaini1314",
        "woaini520", "5201314520", "13141314", "1314520520", "iloveyou1", "computer", "internet", "michelle", "jennifer", "zxcvbnm1",
        "zxcvbnm123", "q1w2e3r4", "q1w2e3r4t5", "1qazxsw2", "987654321", "147258369", "159357258", "123qweasd", "qweasdzxc", "password!",
    };

    /// <summary>The problems of a password, named for <paramref name="field"/>; none when it will do.</summary>
    public static IEnumerable<ValidationError> Check(string password, string field = "password")
    {
        if (password.Length < MinLength) yield return new(field, "password.short", MinLength);
        else if (password.Length > MaxLength) yield return new(field, "text.tooLong", MaxLength);
        else if (Common.Contains(password.Trim())) yield return new(field, "password.common");
    }
}
