using System.Text;
using Masthead.Features.Finance;

namespace Masthead.Tests.Finance;

public sealed class BankStatementTests
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    private static BankStatement Parse(string text) => BankStatement.Parse(text, Today);

    [Fact]
    public void Reads_both_date_formats_and_every_way_of_writing_an_amount()
    {
        var statement = Parse("""
            Date,Amount,Reference,Name
            2026-07-01,25,REF1,Ann Lee
            02/07/2026,25.00,REF2,
            3/7/2026,"£1,025.50",REF3,Bob
            """);

        Assert.Empty(statement.Problems);
        Assert.Equal([new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 2), new DateOnly(2026, 7, 3)], statement.Payments.Select(p => p.Date));
        Assert.Equal([2500L, 2500L, 102550L], statement.Payments.Select(p => p.AmountPence));
        Assert.Equal(["Ann Lee", null, "Bob"], statement.Payments.Select(p => p.Name));
    }

    [Fact]
    public void Finds_the_columns_in_any_order_and_case_with_name_optional()
    {
        var statement = Parse("REFERENCE,amount,DATE\nSO 123,10,2026-07-01\n");
        var payment = Assert.Single(statement.Payments);
        Assert.Equal("SO 123", payment.Reference);
        Assert.Null(payment.Name);
        Assert.Equal(1000, payment.AmountPence);
    }

    [Fact]
    public void Keeps_commas_and_quotes_inside_quoted_fields()
    {
        var statement = Parse("date,amount,reference,name\n2026-07-01,\"1,000\",\"GIFT, JULY\",\"Smith, \"\"Jo\"\"\"\n");
        var payment = Assert.Single(statement.Payments);
        Assert.Equal(100000, payment.AmountPence);
        Assert.Equal("GIFT, JULY", payment.Reference);
        Assert.Equal("Smith, \"Jo\"", payment.Name);
    }

    [Fact]
    public void Ignores_a_byte_order_mark_and_windows_line_endings()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("date,amount,reference\r\n2026-07-01,5,A\r\n2026-07-02,6,B\r\n")).ToArray();
        var statement = BankStatement.Parse(bytes, Today);
        Assert.Empty(statement.Problems);
        Assert.Equal([2, 3], statement.Payments.Select(p => p.Line));
    }

    [Fact]
    public void Reports_each_bad_row_by_its_line_in_the_file()
    {
        var statement = Parse("""
            date,amount,reference
            2026-07-01,25,OK1
            2026-13-01,25,BADDATE
            2026-07-02,twenty,BADAMOUNT
            2026-07-02,0,ZERO
            2026-07-02,-5,NEGATIVE
            2026-07-02,5,

            2026-08-01,5,FUTURE
            2026-07-03,5,"TWO
            LINES"
            2026-07-04,5000000,HUGE
            """);

        Assert.Equal([3, 4, 5, 6, 7, 9, 12], statement.Problems.Select(p => p.Line));
        Assert.Contains("not a date", statement.Problems[0].Message);
        Assert.Contains("not an amount", statement.Problems[1].Message);
        Assert.Contains("zero or negative", statement.Problems[2].Message);
        Assert.Contains("zero or negative", statement.Problems[3].Message);
        Assert.Contains("reference is missing", statement.Problems[4].Message);
        Assert.Contains("future", statement.Problems[5].Message);
        Assert.Contains("more than £1,000,000", statement.Problems[6].Message);
        Assert.Equal([2, 10], statement.Payments.Select(p => p.Line));
        Assert.False(statement.Accepted);
    }

    [Fact]
    public void Flags_a_payment_repeated_within_the_file_against_its_first_line()
    {
        var statement = Parse("date,amount,reference\n2026-07-01,25,abc 1\n01/07/2026,25.00,ABC1\n2026-07-01,26,ABC1\n");
        Assert.Equal([null, 2, null], statement.Payments.Select(p => p.RepeatsLine));
        Assert.Equal(statement.Payments[0].ExternalId, statement.Payments[1].ExternalId);
        Assert.True(statement.Accepted);
    }

    [Fact]
    public void The_external_id_ignores_spacing_and_case_of_the_reference()
    {
        Assert.Equal("bank:2026-07-01:2500:SO123", BankStatement.ExternalIdOf(new DateOnly(2026, 7, 1), 2500, " so 123 "));
    }

    [Theory]
    [InlineData("date,amount\n2026-07-01,5\n", "missing: reference")]
    [InlineData("amount,ref,when\n5,A,2026-07-01\n", "missing: date, reference")]
    [InlineData("", "empty")]
    [InlineData("date,amount,reference\n", "no payments")]
    [InlineData("\u0001\u0002garbage\u0000\u0003", "not CSV")]
    public void Refuses_a_file_that_is_not_a_statement_with_a_clear_reason(string text, string reason)
    {
        var statement = Parse(text);
        Assert.Contains(reason, Assert.Single(statement.Problems).Message);
        Assert.Empty(statement.Payments);
    }

    [Fact]
    public void Refuses_bytes_that_are_not_text()
    {
        var statement = BankStatement.Parse([0xff, 0xfe, 0xfd, 0x00, 0x81], Today);
        Assert.Contains("not CSV", Assert.Single(statement.Problems).Message);
    }

    [Fact]
    public void Refuses_a_file_over_one_megabyte_or_ten_thousand_rows()
    {
        var big = new byte[BankStatement.MaxBytes + 1];
        Assert.Contains("larger than 1 MB", Assert.Single(BankStatement.Parse(big, Today).Problems).Message);

        var rows = new StringBuilder("date,amount,reference\n");
        for (var i = 0; i <= BankStatement.MaxRows; i++) rows.Append($"2026-07-01,1,R{i}\n");
        Assert.Contains("more than 10,000 rows", Assert.Single(Parse(rows.ToString()).Problems).Message);
    }

    [Fact]
    public void Reports_unbalanced_quotes_by_line()
    {
        var statement = Parse("date,amount,reference\n2026-07-01,5,A\n2026-07-01,\"5,B\n");
        Assert.Contains(statement.Problems, p => p.Line == 3 && p.Message.Contains("quotes"));
    }
}
