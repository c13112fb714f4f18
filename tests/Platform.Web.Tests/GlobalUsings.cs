global using Microsoft.Playwright;
global using NUnit.Framework;
global using Platform.Testing;
global using static Microsoft.Playwright.Assertions;
