"""The form of "Ingest an article" in the admin."""

from django import forms

from . import services

MAX_UPLOAD = 2 * 2**20  # bytes: an article is a few KB


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=500)
    publisher = forms.CharField(max_length=300, required=False)
    published = forms.RegexField(
        regex=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        help_text="YYYY-MM-DD, or YYYY-MM or YYYY when only that much is known.",
        error_messages={"invalid": "Use YYYY-MM-DD, YYYY-MM or YYYY."},
    )
    url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    language = forms.RegexField(regex=rf"\A{services.LANGUAGE}\Z", initial="en", max_length=10)
    file = forms.FileField(required=False, help_text="A UTF-8 text file of the article.")
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 12}), label="Or paste the text"
    )

    def clean_published(self):
        try:
            return services.partial_date(self.cleaned_data["published"])
        except ValueError:
            raise forms.ValidationError("This is not a date.") from None

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if bool(upload) == bool(text):
            raise forms.ValidationError("Upload a file or paste the text (one of them).")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError("The file is over 2 MB: is it really an article?")
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "The file is not UTF-8 text; save it as UTF-8 and upload it again."
                ) from None
        data["body"] = services.article_text(text)
        if not data["body"].strip():
            raise forms.ValidationError("The article is empty.")
        return data
