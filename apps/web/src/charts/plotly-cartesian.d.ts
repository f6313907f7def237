/** plotly's cartesian bundle ships no types; its API is plotly.js's, as the full bundle's types describe. */
declare module 'plotly.js-cartesian-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
