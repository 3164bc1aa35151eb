using System.Net;
using System.Text;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// The import page's rejected-rows file is served to the Ops person whose import made it, and to nobody else: not to
/// another role, not without a sign-in, not under a made-up id. Real HTTP, real sign-in cookies.
/// </summary>
public sealed class ImportPageDownloadTests : IDisposable
{
    private const string OpsEmail = "nora.klein@leadrouting.demo";

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<string> AddDownloadForAsync(string email)
    {
        using var scope = _factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>().FindByEmailAsync(email);
        return _factory.Services.GetRequiredService<ImportDownloads>().Add(user!.Id, "rejected-rows.csv", Encoding.UTF8.GetBytes("line,field,message\r\n5,country,Atlantis\r\n"));
    }

    [Fact]
    public async Task The_Ops_person_who_imported_downloads_the_rejected_rows_as_csv()
    {
        var href = await AddDownloadForAsync(OpsEmail);
        using var client = await _factory.CreateSignedInClientAsync(OpsEmail);

        var response = await client.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rejected-rows.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("5,country,Atlantis", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_a_stranger_and_a_made_up_id_get_no_rejected_rows()
    {
        var href = await AddDownloadForAsync(OpsEmail);
        var manager = DemoUsers.All.First(u => u.Role == LeadRoutingRoles.Manager).Email;
        using var managerClient = await _factory.CreateSignedInClientAsync(manager);
        using var anonymous = _factory.CreateBrowserClient();
        using var ops = await _factory.CreateSignedInClientAsync(OpsEmail);

        var asManager = await managerClient.GetAsync(href);
        var asNobody = await anonymous.GetAsync(href);
        var madeUp = await ops.GetAsync(ImportDownloads.Path + "/" + Guid.NewGuid().ToString("N"));

        Assert.NotEqual(HttpStatusCode.OK, asManager.StatusCode);
        Assert.DoesNotContain("Atlantis", await asManager.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, asNobody.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);
    }
}
