namespace LeadRouting.Web.Booking;

/// <summary>The words of the public booking page <c>/book/{token}</c> (German in <c>BookingPageText.de.resx</c>; the key is the English text).</summary>
public sealed class BookingPageText;
