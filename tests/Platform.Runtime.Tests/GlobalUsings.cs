global using NUnit.Framework;
global using Platform.Runtime.Tests.Support;
global using Platform.Testing;
