// A sticky reverse proxy for several Platform nodes. Everything it does is in appsettings.json (the "ReverseProxy"
// section): one route to one cluster of nodes, new sessions spread round-robin, each browser kept on its node by a
// cookie (a web-app circuit lives in one node's memory), nodes asked /health/ready every few seconds and left out while
// not ready. Point it at your nodes with ReverseProxy:Clusters:nodes:Destinations:<name>:Address.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapReverseProxy();
app.Run();
