global using NUnit.Framework;
global using Platform.Engine.Tests.Support;
global using Platform.Testing;
