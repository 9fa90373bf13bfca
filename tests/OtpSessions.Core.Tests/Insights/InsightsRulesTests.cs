using OtpSessions.Core.Common;
using OtpSessions.Core.Insights;

namespace OtpSessions.Core.Tests.Insights;

/// <summary>The pure parts: histogram buckets and percentiles, countries, and the range of days asked for.</summary>
public sealed class InsightsRulesTests
{
    private static readonly DateOnly Today = new(2030, 3, 4);

    [Theory]
    [InlineData(0.2, 0)]
    [InlineData(1, 0)]
    [InlineData(1.01, 1)]
    [InlineData(86_400, TimeToAuthenticateBuckets.Steps)]
    [InlineData(86_401, TimeToAuthenticateBuckets.Count - 1)]
    public void Times_fall_into_fixed_log_spaced_buckets_from_one_second_to_a_day(double seconds, int bucket) =>
        Assert.Equal(bucket, TimeToAuthenticateBuckets.BucketOf(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Every_bucket_is_at_most_a_third_wider_than_the_one_before_and_holds_its_own_upper_bound()
    {
        for (var i = 1; i <= TimeToAuthenticateBuckets.Steps; i++)
        {
            var upper = TimeToAuthenticateBuckets.UpperBoundSeconds(i);
            Assert.InRange(upper / TimeToAuthenticateBuckets.UpperBoundSeconds(i - 1), 1.0, 1.34);
            Assert.Equal(i, TimeToAuthenticateBuckets.BucketOf(TimeSpan.FromSeconds(upper)));
        }
    }

    [Fact]
    public void A_percentile_is_the_upper_bound_of_the_bucket_it_falls_in_and_null_without_data()
    {
        var counts = new int[TimeToAuthenticateBuckets.Count];
        counts[TimeToAuthenticateBuckets.BucketOf(TimeSpan.FromSeconds(30))] = 9;
        counts[TimeToAuthenticateBuckets.BucketOf(TimeSpan.FromHours(2))] = 1;

        Assert.InRange(TimeToAuthenticateBuckets.Percentile(counts, 0.5)!.Value, 30, 30 * 1.34);
        Assert.InRange(TimeToAuthenticateBuckets.Percentile(counts, 0.95)!.Value, 7200, 7200 * 1.34);
        Assert.Null(TimeToAuthenticateBuckets.Percentile(new int[3], 0.5));
    }

    [Theory]
    [InlineData("+447700900123", "GB")]
    [InlineData("+44********0123", "GB")]
    [InlineData("+1******0100", "US")]
    [InlineData("+33612345678", "FR")]
    [InlineData("+352621123456", "LU")]
    [InlineData("dana@example.com", null)]
    [InlineData(null, null)]
    public void A_country_comes_from_the_numbers_country_calling_code_even_when_masked(string? phone, string? country) =>
        Assert.Equal(country, InsightsRules.CountryOf(phone));

    [Theory]
    [InlineData(null, null, "2030-02-26", "2030-03-04")]
    [InlineData("2030-01-01", null, "2030-01-01", "2030-01-07")]
    [InlineData(null, "2030-01-07", "2030-01-01", "2030-01-07")]
    [InlineData("2030-01-01", "2030-04-02", "2030-01-01", "2030-04-02")]
    [InlineData("2030-01-05", "2030-01-05", "2030-01-05", "2030-01-05")]
    public void A_range_defaults_to_a_week_and_spans_at_most_92_days(string? from, string? to, string first, string last)
    {
        var range = InsightsService.RangeOf(from, to, Today);

        Assert.Null(range.Failure);
        Assert.Equal((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)), range.Value);
    }

    [Theory]
    [InlineData("2030-1-1", null)]
    [InlineData("2030-02-30", null)]
    [InlineData("yesterday", null)]
    [InlineData("", null)]
    [InlineData("2030-03-04T00:00:00Z", null)]
    [InlineData("2030-03-05", "2030-03-04")]
    [InlineData("2030-01-01", "2030-04-03")]
    public void Bad_days_a_reversed_range_or_more_than_92_days_are_invalid_date_range(string? from, string? to)
    {
        var range = InsightsService.RangeOf(from, to, Today);

        Assert.Equal(ErrorCodes.InvalidDateRange, range.Failure?.Code);
        Assert.Equal(FailureKind.Invalid, range.Failure?.Kind);
    }
}
