using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Tests.Otp;

public sealed class OtpCodeGeneratorTests
{
    private const int SampleSize = 100_000;
    private const int Length = 6;

    /// <summary>
    /// Significance level of the uniformity tests. A chi-square test of a truly uniform generator still "fails" with
    /// probability equal to its significance level, so the usual 0.05 would fail about one CI run in twenty per test.
    /// At 1e-6 (with 7 such tests below, about one false failure in 140,000 runs) the test is not flaky, yet it keeps
    /// plenty of power: a real bias (modulo bias, a missing digit, a skewed first digit) over 100,000 codes gives
    /// p-values far below 1e-20 — see <see cref="Chi_square_rejects_a_modulo_biased_generator"/>.
    /// </summary>
    private const double Significance = 1e-6;

    /// <summary>One sample for all uniformity tests (100,000 CSPRNG codes take a few tens of milliseconds).</summary>
    private static readonly Lazy<string[]> Sample =
        new(() => [.. Enumerable.Range(0, SampleSize).Select(_ => new OtpCodeGenerator().Generate(Length))]);

    [Fact]
    public void Chi_square_p_value_matches_known_values()
    {
        // df = 2 has the closed form P(X >= x) = exp(-x/2).
        Assert.Equal(Math.Exp(-3), ChiSquare.UpperTailProbability(6, 2), 12);
        Assert.Equal(1, ChiSquare.UpperTailProbability(40, 2) / Math.Exp(-20), 9); // the far tail, relative
        // Textbook critical values at the 5 % level.
        Assert.Equal(0.05, ChiSquare.UpperTailProbability(3.841458820694124, 1), 6);
        Assert.Equal(0.05, ChiSquare.UpperTailProbability(18.307038053275146, 10), 6);
        Assert.Equal(0.05, ChiSquare.UpperTailProbability(124.342, 100), 4);
        Assert.Equal(0.05, ChiSquare.UpperTailProbability(1074.679, 1000), 4);
        Assert.Equal(0.01, ChiSquare.UpperTailProbability(1106.969, 1000), 4);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Each_digit_position_is_uniform_over_0_to_9(int position)
    {
        var counts = new long[10];
        foreach (var code in Sample.Value)
        {
            counts[code[position] - '0']++;
        }

        var p = ChiSquare.UpperTailProbability(ChiSquare.Statistic(counts), degreesOfFreedom: 9);

        Assert.True(p >= Significance, $"digit position {position}: p = {p:E2}, counts = [{string.Join(", ", counts)}]");
    }

    [Fact]
    public void Codes_are_uniform_over_the_whole_value_space()
    {
        // 1,000 buckets of 1,000 consecutive values each (100 expected per bucket): catches bias across the range,
        // such as the modulo bias of "random % 10^6", which per-digit counts can miss.
        var p = ChiSquare.UpperTailProbability(ChiSquare.Statistic(BucketCounts(Sample.Value.Select(int.Parse))), degreesOfFreedom: 999);

        Assert.True(p >= Significance, $"value buckets: p = {p:E2}");
    }

    [Fact]
    public void Chi_square_rejects_a_modulo_biased_generator()
    {
        // The classic mistake: 20 random bits modulo 10^6 makes the values below 48,576 twice as likely.
        var random = new Random(20250106);
        var biased = Enumerable.Range(0, SampleSize).Select(_ => random.Next(1 << 20) % 1_000_000);

        var p = ChiSquare.UpperTailProbability(ChiSquare.Statistic(BucketCounts(biased)), degreesOfFreedom: 999);

        Assert.True(p < 1e-20, $"p = {p:E2}");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(10)]
    public void Generates_codes_of_exactly_the_policy_length_in_ascii_digits(int length)
    {
        var generator = new OtpCodeGenerator();

        for (var i = 0; i < 1_000; i++)
        {
            var code = generator.Generate(length);
            Assert.True(OtpCodeGenerator.IsWellFormed(code, length), $"'{code}' is not {length} digits");
        }
    }

    [Fact]
    public void Small_values_are_zero_padded_to_the_full_length()
    {
        Assert.Equal("000042", OtpCodeGenerator.Generate(6, _ => 42));
        Assert.Equal("000000", OtpCodeGenerator.Generate(6, _ => 0));
        Assert.Equal("999999", OtpCodeGenerator.Generate(6, max => max - 1));
    }

    [Fact]
    public void Six_digit_codes_take_one_uniform_draw_below_one_million()
    {
        var bounds = new List<int>();

        OtpCodeGenerator.Generate(6, max => { bounds.Add(max); return 0; });

        Assert.Equal([1_000_000], bounds);
    }

    [Fact]
    public void Codes_longer_than_nine_digits_are_built_from_independent_uniform_chunks()
    {
        var bounds = new List<int>();
        var values = new Queue<int>([7, 3]);

        var code = OtpCodeGenerator.Generate(10, max => { bounds.Add(max); return values.Dequeue(); });

        Assert.Equal([1_000_000_000, 10], bounds);
        Assert.Equal("0000000073", code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    public void Lengths_outside_the_supported_range_are_rejected(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OtpCodeGenerator().Generate(length));
    }

    [Theory]
    [InlineData("482913", 6, true)]
    [InlineData("012345", 6, true)]
    [InlineData("48291", 6, false)]
    [InlineData("4829134", 6, false)]
    [InlineData("48291a", 6, false)]
    [InlineData(" 48291", 6, false)]
    [InlineData("٤٨٢٩١٣", 6, false)]
    [InlineData(null, 6, false)]
    public void Well_formed_candidates_are_exactly_length_ascii_digits(string? candidate, int length, bool expected)
    {
        Assert.Equal(expected, OtpCodeGenerator.IsWellFormed(candidate, length));
    }

    private static long[] BucketCounts(IEnumerable<int> values)
    {
        var counts = new long[1_000];
        foreach (var value in values)
        {
            counts[value / 1_000]++;
        }
        return counts;
    }
}
