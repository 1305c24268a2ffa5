using Masthead.Features.Membership;

namespace Masthead.Tests.Membership;

/// <summary>Reading a register brought across as CSV: every row checked, each problem by line.</summary>
public sealed class RegisterCsvTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    private const string Header = "number,kind,name,address,postcode,email,email_purposes,registered_society,admitted_on,ceased_on,ceased_reason,shares,amount_paid\n";

    private static (IReadOnlyList<RegisterCsv.ImportRow> Rows, IReadOnlyList<RegisterCsv.Problem> Problems) Read(string body) =>
        RegisterCsv.Read(Header + body, Today, new MembershipOptions());

    [Fact]
    public void Good_rows_are_read_with_their_holdings()
    {
        var (rows, problems) = Read("""
            7,person,Ada Byrne,"3 Canal St; Todmorden",ol14 5aa,ADA@example.org,meetings accounts,no,2019-04-01,,,250,250.00
            ,organisation,Bakers' Union Branch 12,1 Union Rd,S1 1AA,,,no,01/02/2020,,,1000,
            9,organisation,Northern Wholefoods Co-operative,2 Depot Way,LS1 1AA,,,yes,2021-01-01,,,150000,
            8,person,Tom Reid,1 Hill Rd,G1 1AA,,,,2018-01-01,2024-05-01,death,40,40
            """);
        Assert.Empty(problems);
        Assert.Equal(4, rows.Count);
        Assert.Equal("3 Canal St\nTodmorden", rows[0].Address);
        Assert.Equal("OL14 5AA", rows[0].Postcode);
        Assert.Equal("ada@example.org", rows[0].Email);
        Assert.Equal(NoticePurposes.Meetings | NoticePurposes.Accounts, rows[0].Purposes);
        Assert.Equal(100_000, rows[1].PaidPence);           // blank amount: shares at their value
        Assert.Null(rows[1].Number);
        Assert.True(rows[2].IsRegisteredSociety);             // over the cap, but a society
        Assert.Equal(CessationReason.Death, rows[3].CeasedReason);
    }

    [Fact]
    public void Every_broken_row_is_reported_by_its_line_and_none_are_usable()
    {
        var (rows, problems) = Read("""
            1,person,Ann Lee,1 Road,AB1 1AA,,,,2020-01-01,,,10,
            2,person,,,AB1 1AA,,,,2020-01-01,,,10,
            3,person,Bob,2 Road,AB1 1AA,,,,2020-13-01,,,0,
            1,person,Cy,3 Road,AB1 1AA,,,,2020-01-01,,,100001,
            4,person,Di,4 Road,AB1 1AA,,,,2020-01-01,2019-01-01,,10,
            """);
        Assert.Equal([2], rows.Select(r => r.Line)); // line 2 alone is good: the import writes nothing, but says so per line
        Assert.Contains(problems, p => p.Line == 3 && p.Message.Contains("full name"));
        Assert.Contains(problems, p => p.Line == 3 && p.Message.Contains("postal address"));
        Assert.Contains(problems, p => p.Line == 4 && p.Message.Contains("admitted_on \"2020-13-01\" is not a date"));
        Assert.Contains(problems, p => p.Line == 4 && p.Message.Contains("a current member holds at least one share"));
        Assert.Contains(problems, p => p.Line == 5 && p.Message.Contains("member number 1 is also on line 2"));
        Assert.Contains(problems, p => p.Line == 5 && p.Message.Contains("over the legal limit of £100,000"));
        Assert.Contains(problems, p => p.Line == 6 && p.Message.Contains("ceased_on is before admitted_on"));
        Assert.Contains(problems, p => p.Line == 6 && p.Message.Contains("needs a ceased_reason"));
    }

    [Fact]
    public void The_export_reads_back_as_it_was_written_byte_order_mark_and_escaped_formulas_included()
    {
        const string formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
        var member = new Member
        {
            Number = 12,
            Kind = MemberKind.Organisation,
            Name = formula,
            Address = "-1 Minus Row\nLeeds",
            Postcode = "LS1 1AA",
            Email = "branch@example.org",
            EmailPurposes = NoticePurposes.Meetings,
            AdmittedOn = new DateOnly(2020, 5, 1),
        };
        using var csv = RegisterCsv.Write([new RegisterReports.Row(member, new Holdings.Holding(250, 25_000), null, null)]);
        var text = System.Text.Encoding.UTF8.GetString(csv.ToBytes());
        Assert.StartsWith("\uFEFFnumber,kind,name,", text);
        Assert.Contains("12,organisation,\"'=HYPERLINK(", text);
        Assert.EndsWith(",250,250.00\r\n", text);

        var (rows, problems) = RegisterCsv.Read(text, Today, new MembershipOptions());

        Assert.Empty(problems);
        var row = Assert.Single(rows);
        Assert.Equal((12, formula, "-1 Minus Row\nLeeds"), (row.Number, row.Name, row.Address));
        Assert.Equal((250L, 25_000L, NoticePurposes.Meetings), (row.Shares, row.PaidPence, row.Purposes));
    }

    [Fact]
    public void A_file_without_the_columns_is_refused_on_line_one()
    {
        var (_, problems) = RegisterCsv.Read("who,what\nx,y\n", Today, new MembershipOptions());
        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("missing: name, address, postcode, admitted_on, shares", problem.Message);
    }
}
